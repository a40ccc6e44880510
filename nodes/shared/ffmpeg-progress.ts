/**
 * Reads the `key=value` lines ffmpeg writes with `-progress` and turns them into a fraction of a
 * known total length. ffmpeg prints a block about twice a second; the fraction only rises, and
 * only steps of at least `minStep` are passed on, so that a long render does not flood the run's
 * event stream. `progress=end` closes the last block and counts as done.
 */
export function ffmpegProgress(
  totalSeconds: number,
  report: (fraction: number) => void,
  minStep = 0.01,
): (line: string) => void {
  let reported = -1;
  const send = (fraction: number) => {
    const clamped = Math.min(1, Math.max(0, fraction));
    if (clamped < 1 && clamped - reported < minStep) return;
    if (clamped <= reported) return;
    reported = clamped;
    report(clamped);
  };

  return (line) => {
    const separator = line.indexOf('=');
    if (separator < 0) return;
    const key = line.slice(0, separator);
    const value = line.slice(separator + 1).trim();

    if (key === 'progress' && value === 'end') return send(1);
    // out_time_us is microseconds; ffmpeg also prints out_time_ms, which despite its name is
    // microseconds too, so only the unambiguous key is read.
    if (key !== 'out_time_us' || totalSeconds <= 0) return;
    const micros = Number(value);
    if (Number.isFinite(micros) && micros >= 0) send(micros / 1e6 / totalSeconds);
  };
}
