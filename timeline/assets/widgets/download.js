// The front end of timeline.widgets.download.Download: a file sent by the kernel (a message, not
// widget state) becomes a download in the browser, and a link to save it again.
export default {
  render({ model, el }) {
    let url = null;
    model.on("msg:custom", (msg, buffers) => {
      if (!msg || msg.type !== "file") return;
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([buffers[0]], { type: msg.mime || "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = msg.name;
      a.textContent = `Download ${msg.name} (${msg.size})`;
      a.style.cssText = "color:#0B5FA5;text-decoration:underline";
      el.replaceChildren(a);
      a.click();
    });
  },
};
