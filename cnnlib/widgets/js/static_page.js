// Explorers in an exported page, with no kernel and no network.
//
// The page holds the explorers' ES module in base64 (<script type="text/plain"
// id="cnn-esm">) and, for each explorer, a state table computed when the page
// was made (gzip, base64). A stand-in model (get/set/on/off/save_changes/send)
// answers from the table: a change of a dropdown or a slider looks its state
// up; the scrub slider steps through the frames as in JupyterLab.
function standIn(table) {
  const names = table.names, states = table.states, on = {};
  const state = { kind: table.kind, theme: table.theme, scrub: table.scrub, static: true,
                  static_note: "", values: { ...table.start }, paint_table: table.paint_table || null };
  let shown = null;
  const fire = (name) => (on["change:" + name] || []).slice().forEach((cb) => cb());
  function apply(key) {
    const s = states[key];
    if (!s) return false;
    if (key !== shown) {
      shown = key;
      state.controls_spec = s.controls;
      state.scene_json = JSON.stringify(s.scene);
      state.frames_json = JSON.stringify(s.frames);
    }
    const scrub = s.controls.find((c) => c.name === state.scrub);
    if (scrub && state.values[scrub.name] > scrub.max) state.values = { ...state.values, [scrub.name]: scrub.max };
    return true;
  }
  const keyOf = (values) => JSON.stringify(names.map((n) => values[n]));
  // A slider past its range in the state the other controls pick (a layer
  // with fewer units): its last position, as the kernel's set_control does.
  function clamped(values) {
    for (const [key, s] of Object.entries(states)) {
      const v = { ...values };
      for (const c of s.controls) if (c.kind === "slider" && v[c.name] > c.max) v[c.name] = c.max;
      if (keyOf(v) === key) return v;
    }
    return null;
  }
  apply(keyOf(state.values));
  return {
    get: (name) => state[name],
    set(name, value) {
      if (name === "values" && !states[keyOf(value)]) value = clamped(value) || value;
      state[name] = value;
      if (name === "values") {
        const before = shown;
        state.static_note = apply(keyOf(value)) ? "" :
          "This choice needs a running kernel (open the notebook in JupyterLab).";
        if (shown !== before) ["controls_spec", "scene_json", "frames_json"].forEach(fire);
      }
      fire(name);
    },
    save_changes() {},
    send() {},
    on(event, cb) { (on[event] = on[event] || []).push(cb); },
    off(event, cb) { on[event] = (on[event] || []).filter((f) => f !== cb); },
  };
}

async function unpack(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

(async () => {
  const source = document.getElementById("cnn-esm").textContent.trim();   // base64
  const url = "data:text/javascript;base64," + source;
  const explorer = (await import(url)).default;
  for (const host of document.querySelectorAll(".cnn-static[data-table]")) {
    try {
      const table = await unpack(document.getElementById(host.dataset.table).textContent.trim());
      const live = document.createElement("div");
      host.querySelector(".cnn-fallback").style.display = "none";
      host.append(live);
      explorer.render({ model: standIn(table), el: live });
      host.dataset.live = "true";
    } catch (error) {
      host.dataset.error = String(error);
      console.error("explorer", error);
    }
  }
})();
