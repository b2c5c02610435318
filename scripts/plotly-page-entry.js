// The plotly.js the exported page ships: the core (scatter, the components) and the trace types
// the page's charts draw. scripts/build-plotly.sh bundles it into timeline/assets/plotly/.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattergeo')
]);

module.exports = Plotly;
