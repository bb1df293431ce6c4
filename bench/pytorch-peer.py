"""PyTorch (CPU) as the peer of `npm run bench`: the same models as aekit's benchmark workloads, timed on request.

npm run bench starts it once with Debian's /usr/bin/python3 (apt-get install python3-torch) and sends one JSON
object per line; each answer is one JSON line:
  {"cmd": "setup", "threads": 2, "images": "/tmp/…/images.f32", "count": 60000}   -> {"torch": "1.13.1", ...}
  {"cmd": "step", "workload": "mlp-vae" | "conv-vae", "reps": 10}                   -> {"ms": [...]}
  {"cmd": "epoch", "workload": "mlp-vae"}                                           -> {"seconds": 16.9}
A step is forward + backward + Adam (lr 1e-3) at batch 128 on the first 128 images, as aekit's: the loss is the
Bernoulli NLL from logits summed per image plus the analytic KL, both averaged over the batch.
"""
import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

BATCH = 128


class MlpVae(nn.Module):
    """784-512-20, ReLU: what `aekit train` builds for vae with hidden [512]."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 40))
        self.dec = nn.Sequential(nn.Linear(20, 512), nn.ReLU(), nn.Linear(512, 784))

    def loss(self, x):
        x = x.reshape(x.shape[0], -1)
        mu, logvar = self.enc(x).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        rec = F.binary_cross_entropy_with_logits(self.dec(z), x, reduction='none').sum(1).mean()
        kl = (0.5 * (mu.pow(2) + logvar.exp() - logvar - 1)).sum(1).mean()
        return rec + kl


class ConvVae(nn.Module):
    """`--arch conv` defaults: Conv(4, s2, p1) 32 and 64 channels, dense 512, code 20, mirrored by transposed convs."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(
            nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(), nn.Flatten(),
            nn.Linear(64 * 7 * 7, 512), nn.ReLU(), nn.Linear(512, 40))
        self.dec = nn.Sequential(
            nn.Linear(20, 512), nn.ReLU(), nn.Linear(512, 64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
            nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(32, 1, 4, 2, 1))

    def loss(self, x):
        x = x.reshape(x.shape[0], 1, 28, 28)
        mu, logvar = self.enc(x).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        rec = F.binary_cross_entropy_with_logits(self.dec(z), x, reduction='none').flatten(1).sum(1).mean()
        kl = (0.5 * (mu.pow(2) + logvar.exp() - logvar - 1)).sum(1).mean()
        return rec + kl


MODELS = {'mlp-vae': MlpVae, 'conv-vae': ConvVae}


def main():
    torch.manual_seed(0)
    images = None
    trainers = {}

    def trainer(name):
        if name not in trainers:
            model = MODELS[name]()
            trainers[name] = (model, torch.optim.Adam(model.parameters(), lr=1e-3))
        return trainers[name]

    def step(name, x):
        model, opt = trainer(name)
        opt.zero_grad()
        model.loss(x).backward()
        opt.step()

    for line in sys.stdin:
        req = json.loads(line)
        cmd = req['cmd']
        if cmd == 'setup':
            torch.set_num_threads(int(req['threads']))
            raw = torch.from_file(req['images'], size=int(req['count']) * 784, dtype=torch.float32)
            images = raw.reshape(-1, 784).clone()
            answer = {'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'capability': torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, 'cpu') else None}
        elif cmd == 'step':
            x = images[:BATCH]
            for _ in range(2):
                step(req['workload'], x)
            ms = []
            for _ in range(int(req['reps'])):
                t0 = time.perf_counter()
                step(req['workload'], x)
                ms.append((time.perf_counter() - t0) * 1e3)
            answer = {'ms': ms}
        elif cmd == 'epoch':
            order = torch.randperm(images.shape[0])
            t0 = time.perf_counter()
            for start in range(0, images.shape[0], BATCH):
                step(req['workload'], images.index_select(0, order[start:start + BATCH]))
            answer = {'seconds': time.perf_counter() - t0}
        else:
            answer = {'error': f'unknown command {cmd}'}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
