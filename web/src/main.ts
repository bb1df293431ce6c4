/**
 * The explorer page: starts the wasm backend, loads the run the server offers (its model file and test split),
 * builds the explore view and the train-here view, and publishes its state on `window.aekitExplorer` for
 * tests and for measuring.
 */
import { loadModel, ROUTES, type ExploreSession } from './aekit.js';
import { fetchDataset, fetchModelBytes, fetchSession } from './api.js';
import { startBackend, type BackendInfo } from './backend.js';
import { h } from './dom.js';
import { Explorer } from './explorer.js';
import { ModelSession } from './model-session.js';
import { TrainPanel } from './train/train-panel.js';
import { runPanel } from './views/run-panel.js';

interface PageState {
  state: 'loading' | 'ready' | 'error';
  error: string | null;
  backend: BackendInfo | null;
  session: ExploreSession | null;
  explorer: Explorer | null;
  train: TrainPanel | null;
  /** Seconds from the start of the script to a usable page. */
  loadSeconds: number;
  show(tab: 'explore' | 'train'): void;
}

declare global {
  interface Window {
    aekitExplorer: PageState;
  }
}

const t0 = performance.now();
const app = document.getElementById('app')!;
const tabs = document.getElementById('tabs')!;
const status = document.getElementById('status')!;
const views = new Map<string, HTMLElement>();

const page: PageState = {
  state: 'loading', error: null, backend: null, session: null, explorer: null, train: null, loadSeconds: 0,
  show(tab) {
    for (const [name, el] of views) el.hidden = name !== tab;
    for (const b of tabs.querySelectorAll('button')) b.classList.toggle('active', b.dataset['tab'] === tab);
  },
};
window.aekitExplorer = page;

function addTab(name: 'explore' | 'train', title: string, view: HTMLElement): void {
  views.set(name, view);
  app.append(view);
  tabs.append(h('button', { type: 'button', 'data-tab': name, onclick: () => page.show(name) }, title));
}

async function boot(): Promise<void> {
  const session = await fetchSession();
  page.session = session;
  const { info } = await startBackend(2);
  page.backend = info;
  const backendText = `wasm backend, ${info.threads} thread${info.threads > 1 ? 's' : ''}${info.isolated ? ' (cross-origin isolated)' : ' (single-thread module: page not cross-origin isolated)'}`;
  status.textContent = backendText;

  const exploreView = h('div', { class: 'view' });
  if (session.run !== null) {
    const run = session.run;
    const [bytes, test] = await Promise.all([fetchModelBytes(), fetchDataset(ROUTES.testSet)]);
    const model = new ModelSession(loadModel(bytes, { source: `${run.name}/model.safetensors` }));
    const classNames = test.classNames ?? Array.from({ length: Math.max(test.numClasses, model.numClasses) }, (_, k) => String(k));
    const explorer = new Explorer(model, test, classNames);
    page.explorer = explorer;
    exploreView.append(h('div', { class: 'explore-layout' }, explorer.element, runPanel(run, model, run.name)));
    document.title = `aekit explore — ${run.name}`;
  } else {
    exploreView.append(h('p', { class: 'empty' }, 'Started without a run folder: run `aekit explore RUN_DIR` to explore a trained model, or train one here.'));
  }
  addTab('explore', session.run ? `explore ${session.run.name}` : 'explore', exploreView);

  if (session.trainHere !== null) {
    const train = new TrainPanel(session.run?.model ?? null, session.trainHere);
    page.train = train;
    addTab('train', 'train here', h('div', { class: 'view' }, train.element));
  }
  const wanted = new URLSearchParams(location.search).get('tab');
  page.show(wanted === 'train' || session.run === null ? 'train' : 'explore');

  // The updates-per-second meter of the hover decoding.
  setInterval(() => {
    const rate = page.explorer?.meter.rate() ?? 0;
    status.textContent = `${backendText} · ${rate} decoded images/s under the pointer`;
  }, 500);
  page.loadSeconds = (performance.now() - t0) / 1000;
  page.state = 'ready';
}

boot().catch((err: unknown) => {
  page.state = 'error';
  page.error = err instanceof Error ? `${err.message}` : String(err);
  status.textContent = `error: ${page.error}`;
  app.append(h('pre', { class: 'error' }, page.error));
});
