// Explorers in an exported page, with no kernel and no network.
//
// The page holds the explorers' ES module in base64 (<script type="text/plain"
// id="cnn-esm">) and, for each explorer, a state table computed when the page
// was made (gzip, base64). A stand-in model (get/set/on/off/save_changes/send)
// plays the kernel from the table: a change of a dropdown or a slider looks
// its state up; the scrub slider steps through the frames as in JupyterLab;
// a painted grid or a button (model.send, as to a kernel) looks its picture
// up in table.paint_table ({scenes: {grid key: scene}, moves: {grid key:
// {button: grid key}}, anywhere: {button: grid key}}) and answers with that
// scene, acknowledged as the kernel does. Whatever the table does not hold
// is answered in the explorer's error line: what was asked, and that it
// needs a running kernel. No control does nothing without a word.
const KERNEL = "needs a running kernel: open the notebook in JupyterLab to use it";

function standIn(table, { stateKey, onSlider }) {
  const names = table.names, states = table.states, on = {};
  const paints = table.paint_table || null;
  const state = { kind: table.kind, theme: table.theme, scrub: table.scrub, static: true,
                  static_note: table.static_note || "", error: "", values: { ...table.start } };
  let shown = null, grid = null;
  const fire = (name) => (on["change:" + name] || []).slice().forEach((cb) => cb());
  const label = (name) => ((state.controls_spec || []).find((c) => c.name === name) || {}).label || name;
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
    if (scrub) state.values = { ...state.values, [scrub.name]: onSlider(scrub, state.values[scrub.name]) };
    return true;
  }
  const keyOf = (values) => stateKey(values, names);
  // A slider past its range in the state the other controls pick (a layer
  // with fewer units): its last position, as the kernel's set_control does.
  function clamped(values) {
    for (const [key, s] of Object.entries(states)) {
      const v = { ...values };
      for (const c of s.controls) if (c.kind === "slider") v[c.name] = onSlider(c, v[c.name]);
      if (keyOf(v) === key) return v;
    }
    return null;
  }
  // what the explorer draws of a state: its panels, caption and frames
  const drawn = () => {
    const scene = JSON.parse(state.scene_json || "{}");
    return JSON.stringify([scene.panels, scene.caption]) + state.frames_json;
  };
  const gridKey = (cells) => cells.map((v) => (v > 0 ? "+" : "-")).join("");
  const drawnGrid = (scene) => {
    const p = (scene.panels || []).find((q) => q.paint);
    return p ? gridKey(p.values) : null;
  };
  function say(text) {
    state.error = text;
    fire("error");
  }
  // The kernel's answer to a paint or a button: a scene (the one looked up,
  // or the one shown, when the table does not hold the picture) carrying
  // ack = the newest paint, so the explorer drops its local drawing.
  function answer(scene, ack) {
    state.scene_json = JSON.stringify({ ...scene, ack });
    fire("scene_json");
  }
  let ack = 0;
  function receive(msg) {
    const now = JSON.parse(state.scene_json || "{}");
    if (msg.event === "paint") {
      ack = Math.max(ack, Number(msg.seq) || 0);
      const key = paints && gridKey(msg.grid || []);
      if (paints && paints.scenes[key]) {
        grid = key;
        say("");
        answer(paints.scenes[key], ack);
      } else {
        say(`Drawing ${paints ? "this picture " : ""}${KERNEL}.`);
        answer(now, ack);
      }
    } else if (msg.event === "button") {
      const moves = paints ? { ...(paints.anywhere || {}), ...(paints.moves[grid] || {}) } : {};
      const next = moves[msg.name];
      if (next === undefined) {
        const elsewhere = paints && Object.values(paints.moves).some((m) => msg.name in m);
        say(`${label(msg.name)} ${elsewhere ? "on this picture " : ""}${KERNEL}.`);
      } else if (next === grid) {
        say(`${label(msg.name)} leaves this picture as it is.`);
      } else {
        grid = next;
        say("");
        answer(paints.scenes[next], ack);
      }
    } else if (msg.event !== "near") {      // a clicked cell, a text box: the kernel's work
      say(`${label(msg.name || msg.key || msg.event)} ${KERNEL}.`);
    }
  }
  apply(keyOf(state.values));
  if (paints) grid = drawnGrid(JSON.parse(state.scene_json));
  return {
    get: (name) => state[name],
    set(name, value) {
      if (name === "values" && !states[keyOf(value)]) value = clamped(value) || value;
      const changed = name === "values" ? names.filter((n) => value[n] !== state.values[n]) : [];
      state[name] = value;
      if (name === "values") {
        const before = shown, picture = drawn();
        const known = apply(keyOf(value)), what = changed.map(label).join(", ");
        // a choice that shows the same picture (a filter's padding with no
        // filter layer) says so, as a button that changes nothing does
        say(!known ? `${what || "This choice"}: this choice ${KERNEL}.`
          : what && shown !== before && drawn() === picture
            ? `${what} leaves this picture as it is.` : "");
        if (shown !== before) ["controls_spec", "scene_json", "frames_json"].forEach(fire);
      }
      fire(name);
    },
    save_changes() {},
    // as to a kernel: the answer comes after the sender's own work
    send(msg) { queueMicrotask(() => receive(msg || {})); },
    on(event, cb) { (on[event] = on[event] || []).push(cb); },
    off(event, cb) { on[event] = (on[event] || []).filter((f) => f !== cb); },
  };
}

(async () => {
  const source = document.getElementById("cnn-esm").textContent.trim();   // base64
  const url = "data:text/javascript;base64," + source;
  const module = await import(url), explorer = module.default;   // and the shared rules
  for (const host of document.querySelectorAll(".cnn-static[data-table]")) {
    try {
      const b64 = document.getElementById(host.dataset.table).textContent.trim();
      const table = await module.gunzip(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
      const live = document.createElement("div");
      host.querySelector(".cnn-fallback").style.display = "none";
      host.append(live);
      explorer.render({ model: standIn(table, module), el: live });
      host.dataset.live = "true";
    } catch (error) {
      host.dataset.error = String(error);
      console.error("explorer", error);
    }
  }
})();
