/** Updates per second over the last second, from the times of the updates themselves. */
export class RateMeter {
  private readonly times: number[] = [];
  count = 0;

  tick(now = performance.now()): void {
    this.times.push(now);
    this.count += 1;
    while (this.times.length > 0 && this.times[0]! < now - 1000) this.times.shift();
  }

  /** Updates in the last second (0 once the pointer has rested for a second). */
  rate(now = performance.now()): number {
    while (this.times.length > 0 && this.times[0]! < now - 1000) this.times.shift();
    return this.times.length;
  }
}
