// The JavaScript way of embedding (see embed.html): create, keep the handle, control it.
import init, { PitStop } from '../pkg/pitstop.js';

const canvas = document.getElementById('embed-js');
try {
  await init();
  const stop = new PitStop(canvas, { speed: 0.5, seed: 7, loop: true, crew: 'full' });
  const pause = document.getElementById('embed-pause');
  pause.addEventListener('click', () => {
    const running = stop.stats().state === 'running';
    running ? stop.pause() : stop.resume();
    pause.textContent = running ? 'Resume' : 'Pause';
  });
  document.getElementById('embed-step').addEventListener('click', () => {
    stop.step();
    pause.textContent = 'Resume';
  });
  document.getElementById('embed-break').addEventListener('click', () => {
    try {
      stop.inject('gun_failure', 'tire_rl');
    } catch (error) {
      console.warn(error.message);
    }
  });
} catch (error) {
  canvas.dataset.status = 'error';
  canvas.dataset.error = error instanceof Error ? error.message : String(error);
}
