/* syria-timeline export page, aggregates mode (timeline export --scan past its limit): draws the
 * charts of #timeline-data — the events per week, the deaths per week when the data gives
 * per-event figures, the map — into #overview, #deaths and #map. The page holds no events, so it
 * has no controls and no table; its words are written by Python, and every string plotly renders
 * was escaped there (timeline/export/plots.py sanitize).
 *
 * window.timelineApp.ready resolves once every chart is drawn (then timelineApp.drawn is true).
 */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("timeline-data").textContent);
  const CONFIG = {
    displaylogo: false, responsive: true, showSendToCloud: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { filename: "syria-timeline", scale: 2 },
  };
  const app = { mode: "aggregates", drawn: false, charts: [] };
  const jobs = [];
  function draw(id, fig, label) {
    if (!fig) return;
    const node = document.getElementById(id);
    if (label) node.setAttribute("aria-label", label);
    app.charts.push(id);
    jobs.push(Plotly.newPlot(node, fig.data, fig.layout, CONFIG));
  }
  draw("overview", D.figures.counts, D.labels.overview);
  if (D.figures.deaths) {
    document.getElementById("deaths-section").hidden = false;
    draw("deaths", D.figures.deaths, D.labels.deaths);
  }
  draw("map", D.figures.map, D.labels.map);
  app.ready = Promise.all(jobs).then(() => { app.drawn = true; });
  window.timelineApp = app;
})();
