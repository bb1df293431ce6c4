/**
 * Train here: a 2-D VAE (or the explored run's config) trained on a subset of MNIST inside this tab, by a
 * Worker on the wasm backend. The loss curve grows with every step; after every epoch the latent map of the
 * test subset is redrawn from the new weights (and can be explored like a run's), and the model can be
 * downloaded as an aekit model file that `aekit eval` and `aekit sample` read.
 */
import { buildModel, defaultConfig, Generator, modelToBytes, Tensor, type ModelConfigBase } from '../aekit.js';
import { fetchDataset, mnistSubsetPath } from '../api.js';
import { formatNumber, h } from '../dom.js';
import { Explorer } from '../explorer.js';
import { ModelSession } from '../model-session.js';
import { LossChart } from '../views/loss-chart.js';
import type { StartTraining, TabEpoch, TrainEvent } from './messages.js';

const MNIST_SHAPE = [1, 28, 28];
const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface TrainStats {
  state: 'idle' | 'loading' | 'running' | 'done' | 'error' | 'stopped';
  error: string | null;
  steps: number;
  threads: number;
  epochs: TabEpoch[];
  /** Times the latent map was redrawn from new weights. */
  mapUpdates: number;
}

interface NumberField {
  input: HTMLInputElement;
  value(): number;
}

function numberField(label: string, name: string, value: number, attrs: Record<string, number> = {}): { field: NumberField; element: HTMLElement } {
  const input = h('input', { type: 'number', name, value, ...attrs });
  return { field: { input, value: () => Number(input.value) }, element: h('label', {}, label, input) };
}

export class TrainPanel {
  readonly element: HTMLElement;
  readonly stats: TrainStats = { state: 'idle', error: null, steps: 0, threads: 0, epochs: [], mapUpdates: 0 };
  explorer: Explorer | null = null;
  private worker: Worker | null = null;
  private readonly chart = new LossChart(560, 220, 'epoch', 'loss (nats per sample)');
  private readonly trainSeries = this.chart.add('train (per step)', '#4e79a7');
  private readonly testSeries = this.chart.add('test (per epoch)', '#e15759');
  private readonly status = h('div', { class: 'train-status', 'aria-live': 'polite' }, 'not started');
  private readonly table = h('table', { class: 'epochs' });
  private readonly mapSlot = h('div', { class: 'train-map' });
  private readonly download = h('button', { type: 'button', disabled: true }, 'download model (.safetensors)');
  private readonly start = h('button', { type: 'button', class: 'primary' }, 'train');
  private readonly stop = h('button', { type: 'button', disabled: true }, 'stop');
  private readonly fields: Record<'hidden' | 'latent' | 'trainCount' | 'epochs' | 'batch' | 'lr' | 'threads', NumberField>;
  private readonly modelChoice: HTMLSelectElement;
  private session: ModelSession | null = null;
  private stepsPerEpoch = 1;
  private testData: Awaited<ReturnType<typeof fetchDataset>> | null = null;

  constructor(private readonly runConfig: ModelConfigBase | null, private readonly limits: { trainMax: number; testMax: number }, private readonly testCount = 1000) {
    const f = {
      hidden: numberField('hidden units', 'hidden', 512, { min: 8, max: 2048, step: 1 }),
      latent: numberField('code size', 'latent', 2, { min: 1, max: 64, step: 1 }),
      trainCount: numberField('training images', 'trainCount', 5000, { min: 100, max: limits.trainMax, step: 100 }),
      epochs: numberField('epochs', 'epochs', 5, { min: 1, max: 200, step: 1 }),
      batch: numberField('batch', 'batch', 100, { min: 1, max: 1000, step: 1 }),
      lr: numberField('learning rate', 'lr', 0.001, { min: 0.00001, max: 1, step: 0.0001 }),
      threads: numberField('threads', 'threads', Math.min(4, navigator.hardwareConcurrency || 1), { min: 1, max: 64, step: 1 }),
    };
    this.fields = { hidden: f.hidden.field, latent: f.latent.field, trainCount: f.trainCount.field, epochs: f.epochs.field, batch: f.batch.field, lr: f.lr.field, threads: f.threads.field };
    const fitsMnist = runConfig !== null && runConfig.inputShape.reduce((a, b) => a * b, 1) === 784;
    this.modelChoice = h('select', { name: 'model' },
      h('option', { value: 'vae' }, 'a VAE (MLP)'),
      fitsMnist ? h('option', { value: 'run' }, `the run's config (${runConfig!.model}, ${runConfig!.latentDim}-D code)`) : null);
    this.start.addEventListener('click', () => void this.begin());
    this.stop.addEventListener('click', () => this.halt('stopped'));
    this.download.addEventListener('click', () => this.save());
    this.element = h('div', { class: 'train' },
      h('p', { class: 'hint' }, 'Trains in this tab: a Worker runs aekit on its WebAssembly backend over MNIST images served by the explorer. Nothing leaves the machine.'),
      h('div', { class: 'train-form' }, h('label', {}, 'model ', this.modelChoice), f.hidden.element, f.latent.element, f.trainCount.element,
        f.epochs.element, f.batch.element, f.lr.element, f.threads.element, this.start, this.stop, this.download),
      this.status,
      h('div', { class: 'train-body' }, h('div', {}, this.chart.canvas, this.table), this.mapSlot));
  }

  private config(): ModelConfigBase {
    if (this.modelChoice.value === 'run' && this.runConfig !== null) return this.runConfig;
    return defaultConfig('vae', { inputShape: MNIST_SHAPE, latentDim: this.fields.latent.value(), overrides: { hidden: [this.fields.hidden.value()] } });
  }

  private async begin(): Promise<void> {
    this.halt(null);
    let request: StartTraining;
    try {
      const trainCount = Math.min(this.limits.trainMax, Math.max(1, Math.floor(this.fields.trainCount.value())));
      request = {
        type: 'start', config: this.config(), trainCount, testCount: Math.min(this.testCount, this.limits.testMax),
        options: { epochs: Math.floor(this.fields.epochs.value()), batchSize: Math.floor(this.fields.batch.value()), lr: this.fields.lr.value(), seed: 0 },
        threads: Math.max(1, Math.floor(this.fields.threads.value())),
      };
      // The same checks the worker's trainer makes, before a worker is started.
      buildModel(request.config, new Generator(0));
      if (!(request.options.batchSize >= 1)) throw new RangeError('batch must be at least 1');
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
      return;
    }
    Object.assign(this.stats, { state: 'loading', error: null, steps: 0, epochs: [], mapUpdates: 0 });
    this.chart.clear();
    this.table.replaceChildren(h('tr', {}, h('th', {}, 'epoch'), h('th', {}, 'seconds'), h('th', {}, 'train'), h('th', {}, 'test')));
    this.status.textContent = 'loading MNIST and starting the worker…';
    this.start.disabled = true;
    this.stop.disabled = false;
    this.download.disabled = true;
    this.testData ??= await fetchDataset(mnistSubsetPath('test', request.testCount));
    const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<TrainEvent>) => this.receive(e.data, request);
    worker.onerror = (e) => this.fail(e.message || 'the training worker failed to start');
    worker.postMessage(request);
  }

  private receive(m: TrainEvent, request: StartTraining): void {
    switch (m.type) {
      case 'ready':
        this.stats.state = 'running';
        this.stats.threads = m.threads;
        this.stepsPerEpoch = m.stepsPerEpoch;
        this.status.textContent = `training on ${m.trainCount} images, ${m.stepsPerEpoch} steps per epoch, ${m.threads} kernel thread${m.threads > 1 ? 's' : ''}${m.isolated ? '' : ' (page not cross-origin isolated)'}`;
        break;
      case 'step':
        this.stats.steps = m.step;
        this.trainSeries.points.push([m.step / this.stepsPerEpoch, m.parts['total']!]);
        if (m.step % 5 === 0 || m.step % this.stepsPerEpoch === 0) this.chart.render();
        break;
      case 'epoch':
        this.epochDone(m.record, m.state, request);
        break;
      case 'done':
        this.stats.state = 'done';
        this.status.textContent += ' — done';
        this.finish();
        break;
      case 'error':
        this.fail(m.message);
        break;
    }
  }

  private epochDone(r: TabEpoch, state: [string, number[], Float32Array][], request: StartTraining): void {
    this.stats.epochs.push(r);
    if (r.test) this.testSeries.points.push([r.epoch, r.test['total']!]);
    this.chart.render();
    this.table.append(h('tr', {}, h('td', {}, String(r.epoch)), h('td', {}, r.seconds.toFixed(2)),
      h('td', {}, formatNumber(r.train['total']!, 4)), h('td', {}, r.test ? formatNumber(r.test['total']!, 4) : '–')));
    this.status.textContent = `epoch ${r.epoch}/${request.options.epochs}: train ${formatNumber(r.train['total']!, 4)}, test ${r.test ? formatNumber(r.test['total']!, 4) : '–'}, ${r.seconds.toFixed(2)} s`;
    const model = buildModel(request.config, new Generator(0));
    model.loadStateDict(new Map(state.map(([name, shape, data]) => [name, new Tensor(data, shape)])), { strict: true });
    this.session = new ModelSession(model);
    this.explorer = new Explorer(this.session, this.testData!, MNIST_CLASSES);
    this.mapSlot.replaceChildren(h('h2', {}, `latent map after epoch ${r.epoch} (${this.testData!.count} test images)`), this.explorer.element);
    this.stats.mapUpdates += 1;
    this.download.disabled = false;
  }

  private fail(message: string): void {
    this.stats.state = 'error';
    this.stats.error = message;
    this.status.textContent = `error: ${message}`;
    this.finish();
  }

  private finish(): void {
    this.worker?.terminate();
    this.worker = null;
    this.start.disabled = false;
    this.stop.disabled = true;
  }

  /** Ends a running worker (the weights of the last finished epoch stay). */
  private halt(state: 'stopped' | null): void {
    if (this.worker === null) return;
    this.finish();
    if (state !== null) {
      this.stats.state = state;
      this.status.textContent += ' — stopped';
    }
  }

  /** The last finished epoch's model as a file download. */
  save(): Blob | null {
    if (this.session === null) return null;
    // A copy: the bytes may sit in the wasm backend's shared memory, which a Blob does not take.
    const blob = new Blob([modelToBytes(this.session.model).slice()], { type: 'application/octet-stream' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `aekit-${this.session.model.config.model}-tab.safetensors` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    return blob;
  }
}
