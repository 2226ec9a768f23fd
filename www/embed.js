// The JavaScript way of embedding (see embed.html): create, keep the handle, control it.
import init, { PitStop } from '../pkg/pitstop.js';

const canvas = document.getElementById('embed-js');
try {
  await init();
  // The full crew (nineteen actors) needs about 640 px; on a phone, the seed's seven.
  const crew = canvas.clientWidth >= 640 ? 'full' : 'seed';
  const stop = new PitStop(canvas, { speed: 0.5, seed: 7, loop: true, crew });
  const said = document.getElementById('embed-said');
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
      said.textContent = 'Armed: the rear left wheel gun will fail during its next change.';
    } catch (error) {
      said.textContent = error.message;
    }
  });
} catch (error) {
  canvas.dataset.status = 'error';
  canvas.dataset.error = error instanceof Error ? error.message : String(error);
}
