/** The run beside the map: what model it is, how it was trained, its losses per epoch and its figures. */
import { formatNumber, h } from '../dom.js';
import { ROUTES, type RunSummary } from '../aekit.js';
import type { ModelSession } from '../model-session.js';
import { LossChart } from './loss-chart.js';

function capabilityText(s: ModelSession): string {
  const caps = s.model.capabilities;
  const parts = [caps.variational ? 'variational' : 'deterministic', caps.generative ? 'generative' : null, caps.conditional ? 'conditional' : null,
    caps.numClasses > 0 ? `${caps.numClasses} classes` : null, caps.corruptsInput ? 'denoising' : null];
  return parts.filter(Boolean).join(', ');
}

export function runPanel(run: RunSummary | null, session: ModelSession, title: string): HTMLElement {
  const cfg = session.model.config as unknown as Record<string, unknown>;
  const rows: [string, string][] = [
    ['model', `${String(cfg['model'])} (${capabilityText(session)})`],
    ['code', `${session.latentDim}-D`],
    ['input', `[${session.model.config.inputShape.join(', ')}]`],
  ];
  for (const key of ['arch', 'hidden', 'decoder', 'beta', 'prior']) if (cfg[key] !== undefined) rows.push([key, JSON.stringify(cfg[key])]);
  if (run) {
    rows.push(['data', `${run.data.spec} (${run.testCount} test samples shown)`]);
    const t = run.training;
    if (t['epochs'] !== undefined) rows.push(['training', `${String(t['epochs'])} epochs, batch ${String(t['batchSize'])}, lr ${String(t['lr'])}, seed ${String(t['seed'])}`]);
  }
  const panel = h('section', { class: 'run-panel' }, h('h2', {}, title),
    h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
  if (run && run.metrics.length > 0) {
    const last = run.metrics[run.metrics.length - 1]!;
    const keys = Object.keys(last.train);
    panel.append(h('h3', {}, `losses after epoch ${last.epoch} (nats per sample)`),
      h('table', { class: 'metrics' },
        h('tr', {}, h('th', {}, ''), ...keys.map((k) => h('th', {}, k))),
        h('tr', {}, h('th', {}, 'train'), ...keys.map((k) => h('td', {}, formatNumber(last.train[k]!, 4)))),
        last.test ? h('tr', {}, h('th', {}, 'test'), ...keys.map((k) => h('td', {}, formatNumber(last.test![k] ?? NaN, 4)))) : null));
    const chart = new LossChart(320, 180, 'epoch', 'loss');
    const train = chart.add('train total', '#4e79a7');
    const test = chart.add('test total', '#e15759');
    for (const m of run.metrics) {
      train.points.push([m.epoch, m.train['total']!]);
      if (m.test) test.points.push([m.epoch, m.test['total']!]);
    }
    chart.render();
    panel.append(chart.canvas);
  }
  if (run && run.figures.length > 0) {
    panel.append(h('h3', {}, 'figures'), h('div', { class: 'figures' },
      ...run.figures.map((f) => h('a', { href: `${ROUTES.figures}${encodeURIComponent(f)}`, target: '_blank', title: f },
        h('img', { src: `${ROUTES.figures}${encodeURIComponent(f)}`, alt: f, loading: 'lazy' }), h('span', {}, f)))));
  }
  return panel;
}
