window.onerror = (m) => { document.body.dataset.status = "done"; window.result = {error: String(m)}; }; window.addEventListener("unhandledrejection", e => { document.body.dataset.status = "done"; window.result = {error: String(e.reason)}; });

import init, * as wasm from '../../target/bench-pkg/pitstop.js';
window.stage='init'; await init(); window.stage='inited';
const counts = {}; const times = {}; let on = false; const detail = []; let frameNo = 0;
for (const [P, pre] of [[CanvasRenderingContext2D.prototype, ''], [OffscreenCanvasRenderingContext2D.prototype, 'off.'], [OffscreenCanvas.prototype, 'oc.']]) {
 
for (const name of Object.getOwnPropertyNames(P)) {
  const d = Object.getOwnPropertyDescriptor(P, name);
  if (typeof d.value === 'function') {
    const f = d.value;
    P[name] = function (...a) { if (!on) return f.apply(this, a); const s = performance.now(); const r = f.apply(this, a); times[pre+name] = (times[pre+name]||0) + performance.now() - s; counts[pre+name] = (counts[pre+name]||0)+1; if (frameNo === 120 && (name==='drawImage'||name==='fillRect'||name==='fill'||name==='stroke')) detail.push([name, +(performance.now()-s).toFixed(3), a.slice(1).map(x=>typeof x==='number'?+x.toFixed(1):0).join(','), this.canvas.width]); return r; };
  } else if (d.set) {
    const st = d.set;
    Object.defineProperty(P, name, { ...d, set(v) { if (!on) return st.call(this, v); const s0 = performance.now(); st.call(this, v); times[pre+'set '+name] = (times[pre+'set '+name]||0) + performance.now() - s0; counts[pre+'set '+name] = (counts[pre+'set '+name]||0)+1; } });
  }
}
}
window.stage='wrapped'; const canvas = document.getElementById('frame');
const frames = new wasm.BenchFrames(canvas);
const next = () => new Promise(r => requestAnimationFrame(r));
while (frames.step()) await next();
frames.restart(); window.stage='warm';
on = true; let n = 0;
const perFrame = [];
while (true) { const before = {...counts}; frameNo = n; const beforeT = {...times}; const t0 = performance.now(); const ok = frames.step(); const t1 = performance.now(); if (!ok) break; n++; const d = {total: +(t1-t0).toFixed(2)}; for (const k in times) { const dt = times[k] - (beforeT[k]||0); if (dt > 0.05) d[k] = +dt.toFixed(2) + '/' + (counts[k] - (before[k]||0)); } perFrame.push(d); await next(); }
on = false;
const avg = {}; for (const k in counts) avg[k] = +(counts[k]/n).toFixed(1);
const us = {}; for (const k in times) us[k] = +(1000*times[k]/n).toFixed(1);
window.result = { n, avg, us_per_frame: us, median: frames.percentile(50), sample120: perFrame[120], sample20: perFrame[20], slowest: Array.from(frames.slowestFrames(8)).map(x=>+x.toFixed(2)), slow: perFrame.map((d,i)=>[i,d]).sort((a,b)=>b[1].total-a[1].total).slice(0,8) };
document.body.dataset.status = 'done';
