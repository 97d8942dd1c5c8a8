// GitHub REST client for the release bot: an axios instance that refreshes the
// installation token on 401 and retries failed requests with axios-retry.
// This file shows what HTTP Guard reports: see examples/README.md.
import axios, { type AxiosError, type AxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { refreshInstallationToken } from './app-auth';

export interface Release {
	id: number;
	tag_name: string;
	draft: boolean;
	html_url: string;
}

let installationToken: string | undefined;

export const github = axios.create({
	baseURL: 'https://api.github.com',
	timeout: 10_000,
	headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' },
});

github.interceptors.request.use((config) => {
	if (installationToken) config.headers.set('Authorization', `Bearer ${installationToken}`);
	return config;
});

// On 401, mint a new installation token and replay the request. If the app's private
// key was rotated, every replay gets a 401 too, and this replays it again, forever.
github.interceptors.response.use(
	(response) => response,
	async (error: AxiosError) => {
		const original = error.config as AxiosRequestConfig;
		if (error.response?.status === 401) {
			installationToken = await refreshInstallationToken();
			return github(original);
		}
		throw error;
	},
);

// Three retries on network errors and 5xx, fired back to back: no retryDelay.
axiosRetry(github, { retries: 3 });

export async function latestRelease(owner: string, repo: string): Promise<Release> {
	const { data } = await github.get<Release>(`/repos/${owner}/${repo}/releases/latest`);
	return data;
}

export async function listDraftReleases(owner: string, repo: string): Promise<Release[]> {
	const { data } = await github.get<Release[]>(`/repos/${owner}/${repo}/releases`, { params: { per_page: 100 } });
	return data.filter((release) => release.draft);
}
