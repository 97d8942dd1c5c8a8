import { build, type StatusData } from './define';
import { INFORMATIONAL } from './1xx';
import { SUCCESS } from './2xx';
import { REDIRECTION } from './3xx';
import { CLIENT_ERRORS } from './4xx';
import { SERVER_ERRORS } from './5xx';
import { UNOFFICIAL } from './unofficial';
import type { StatusInfo } from '../types';

export const STATUS_DATA: readonly StatusData[] = [...INFORMATIONAL, ...SUCCESS, ...REDIRECTION, ...CLIENT_ERRORS, ...SERVER_ERRORS, ...UNOFFICIAL];

const BY_CODE: ReadonlyMap<number, StatusInfo> = new Map(STATUS_DATA.map((d) => [d.code, build(d)]));

/** Everything known about a status code, or undefined for codes nobody uses. */
export function statusInfo(code: number): StatusInfo | undefined {
	return BY_CODE.get(code);
}

/** All entries, official and unofficial, in code order. */
export function allStatuses(): StatusInfo[] {
	return [...BY_CODE.values()].sort((a, b) => a.code - b.code);
}
