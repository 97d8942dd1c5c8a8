// Binary searches over ascending offsets (statement starts, range boundaries, node starts).

/** How many of `sorted` are less than `value`: the first index at or past it. */
export function countBelow(sorted: readonly number[], value: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** How many of `sorted` are at most `value`: the first index past it. */
export function countAtOrBelow(sorted: readonly number[], value: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] <= value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The last of `sorted` at or before `value` (0 when none is): the top-level statement holding an offset. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
	return Math.max(countAtOrBelow(sorted, value) - 1, 0);
}
