/**
 * Compact SVG path data for the map. d3-geo writes absolute `M x,y L x,y … Z` commands; with
 * coordinates rounded to tenths, relative line-tos (`l dx dy …`, SVG 1.1 §8.3.4) need about half
 * the characters. Points that do not move are dropped. Integer arithmetic on tenths keeps it exact
 * and deterministic.
 * @module report/html/svg-path
 */

/** A number of tenths as the shortest SVG number text: `15` → `1.5`, `-5` → `-.5`, `20` → `2`. */
export function tenths(n: number): string {
  const neg = n < 0;
  const a = Math.abs(n);
  const whole = Math.floor(a / 10);
  const frac = a % 10;
  const body = frac === 0 ? String(whole) : `${whole === 0 ? '' : whole}.${frac}`;
  return neg && a !== 0 ? `-${body}` : body;
}

/**
 * Numbers joined the way the SVG path grammar (SVG 1.1 §8.3.9, numbers read greedily) allows: no
 * separator before a minus sign, nor before `.5` after a number that already has its point.
 */
function pairs(nums: readonly number[]): string {
  let out = '';
  let prevHasPoint = false;
  for (let i = 0; i < nums.length; i++) {
    const t = tenths(nums[i]!);
    const bare = i === 0 || t.startsWith('-') || (prevHasPoint && t.startsWith('.'));
    out += bare ? t : ` ${t}`;
    prevHasPoint = t.includes('.');
  }
  return out;
}

/**
 * `d` (absolute M/L/Z commands, as d3-geo's path writes them) with the same geometry, rounded to
 * tenths, as absolute move-tos followed by relative line-tos. Other commands (d3-geo writes arcs
 * only for points, which the map does not draw) are passed through unchanged.
 */
export function compactPath(d: string): string {
  let out = '';
  let x = 0;
  let y = 0;
  let run: number[] = [];
  const flush = (): void => {
    if (run.length > 0) out += `l${pairs(run)}`;
    run = [];
  };
  for (const m of d.matchAll(/([A-Za-z])([^A-Za-z]*)/g)) {
    const cmd = m[1]!;
    const nums = (m[2]!.match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) ?? []).map((s) => Math.round(Number(s) * 10));
    if (cmd === 'M' && nums.length === 2) {
      flush();
      x = nums[0]!;
      y = nums[1]!;
      out += `M${pairs([x, y])}`;
    } else if (cmd === 'L' && nums.length === 2) {
      const dx = nums[0]! - x;
      const dy = nums[1]! - y;
      if (dx === 0 && dy === 0) continue;
      run.push(dx, dy);
      x = nums[0]!;
      y = nums[1]!;
    } else if (cmd === 'Z' || cmd === 'z') {
      flush();
      out += 'z';
    } else {
      flush();
      out += m[0];
    }
  }
  flush();
  return out;
}
