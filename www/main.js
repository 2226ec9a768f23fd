// The tutorial page: loads the wasm module and mounts the visualization on #pitstop.
// Start-up failures are written onto the canvas (data-status="error", data-error) so that
// people and tests see them; the wasm sets data-status="drawn" after its first frame.
import init, { PitStop } from '../pkg/pitstop.js';

const canvas = document.getElementById('pitstop');

function fail(error) {
  const text = error instanceof Error ? error.message : String(error);
  canvas.dataset.status = 'error';
  canvas.dataset.error = text;
  console.error('pitstop failed to start:', error);
}

try {
  await init();
  window.pitstop = new PitStop(canvas, { speed: 0.25 });
} catch (error) {
  fail(error);
}
