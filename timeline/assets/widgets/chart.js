// The front end of timeline.widgets.chart.ChartWidget: plotly's own FigureWidget front end, loaded
// once per page from the kernel (a message, not widget state) with the base map plotly.js draws
// maps with, so a saved notebook holds no copy of plotly.js. Each chart then asks the kernel for
// its current figure (not widget state either) and draws once it has a size on screen (plotly.js
// measures titles and labels while drawing: drawn hidden, a subtitle lands on its title).
const KEY = "__syriaTimelinePlotlyWidget";

function shared() {
  if (!globalThis[KEY]) {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    globalThis[KEY] = { promise, resolve, reject, asked: false };
  }
  return globalThis[KEY];
}

async function importText(buffer) {
  const url = URL.createObjectURL(new Blob([buffer], { type: "text/javascript" }));
  try { return await import(/* webpackIgnore: true */ url); } finally { URL.revokeObjectURL(url); }
}

function onMessage(model, type, handle) {
  const cb = (msg, buffers) => {
    if (!msg || msg.type !== type) return;
    model.off("msg:custom", cb);
    handle(msg, buffers);
  };
  model.on("msg:custom", cb);
}

function laidOut(el) {
  const ok = () => el.isConnected && el.getBoundingClientRect().width > 0;
  if (ok()) return Promise.resolve();
  return new Promise((resolve) => {
    const ro = new ResizeObserver(() => { if (ok()) { ro.disconnect(); resolve(); } });
    ro.observe(el);
  });
}

export default () => {
  let inner = null;
  let ready = null;
  return {
    initialize({ model }) {
      const s = shared();
      if (!s.asked) {  // the first chart of the page fetches plotly's widget code for all
        s.asked = true;
        onMessage(model, "bundle", (msg, buffers) => {
          const geo = (globalThis.PlotlyGeoAssets = globalThis.PlotlyGeoAssets || {});
          geo.topojson = geo.topojson || {};
          geo.topojson[msg.topojson] = JSON.parse(new TextDecoder().decode(buffers[1]));
          importText(buffers[0]).then(s.resolve, s.reject);
        });
        model.send({ type: "bundle" });
      }
      // returns at once, so the model takes messages while the code loads; the figure is asked
      // for again once the code is there, so no update sent meanwhile is lost
      ready = s.promise.then((mod) => new Promise((resolve) => {
        onMessage(model, "synced", () => {
          inner = mod.default();
          inner.initialize({ model });
          resolve();
        });
        model.send({ type: "sync" });
      }));
    },
    async render({ model, el }) {
      const note = document.createElement("div");
      note.textContent = "Loading the chart… (it needs the notebook's kernel running)";
      note.style.cssText = "color:#5F5F5F;font:13px sans-serif;padding:12px 0";
      el.appendChild(note);
      await ready;
      await laidOut(el);
      note.remove();
      return inner.render({ model, el });
    },
  };
};
