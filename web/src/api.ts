/** The explorer server's answers, fetched and checked. */
import { decodeDatasetFile, ROUTES, type Dataset, type ExploreSession } from './aekit.js';

async function bytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${(await response.text()).trim()}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function fetchSession(): Promise<ExploreSession> {
  const response = await fetch(ROUTES.session);
  if (!response.ok) throw new Error(`${ROUTES.session}: HTTP ${response.status}`);
  return (await response.json()) as ExploreSession;
}

export const fetchModelBytes = (): Promise<Uint8Array> => bytes(ROUTES.model);

export async function fetchDataset(path: string): Promise<Dataset> {
  return decodeDatasetFile(await bytes(path), path);
}

export const mnistSubsetPath = (split: 'train' | 'test', count: number): string =>
  `${split === 'train' ? ROUTES.mnistTrain : ROUTES.mnistTest}?count=${count}`;
