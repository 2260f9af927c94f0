"""The dense VAE of @awad/vae in PyTorch on CPU, one thread, for bench/vae-bench.ts.

Same model: 240 -> 100 tanh -> (mu, logvar) 5 -> 100 tanh -> 240 (mean), a learned log-std per
output clipped to [-5, 2], logvar clipped to [-10, 4]; negative ELBO with one reparameterised
sample; Adam lr 1e-3, batch 128. Score of one window: encoder once, L = 100 latent samples, the
decoder's last layer cut to the newest row's 8 outputs (as the Float32 scorer does), mean NLL.
Prints one JSON object. Usage: /usr/bin/python3 bench/torch_vae.py [steps] [scores]
"""
import json
import math
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)
D, H, Z, B, L, M = 240, 100, 5, 128, 100, 8
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
scores = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
LOG_2PI = math.log(2 * math.pi)


class Vae(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = torch.nn.Linear(D, H)
        self.enc2 = torch.nn.Linear(H, 2 * Z)
        self.dec1 = torch.nn.Linear(Z, H)
        self.dec2 = torch.nn.Linear(H, D)
        self.logstd = torch.nn.Parameter(torch.zeros(D))

    def encode(self, x):
        out = self.enc2(torch.tanh(self.enc1(x)))
        return out[:, :Z], out[:, Z:].clamp(-10, 4)

    def loss(self, x, eps):
        mu, logvar = self.encode(x)
        z = mu + torch.exp(0.5 * logvar) * eps
        mean = self.dec2(torch.tanh(self.dec1(z)))
        ls = self.logstd.clamp(-5, 2)
        nll = (ls + 0.5 * LOG_2PI + 0.5 * ((x - mean) * torch.exp(-ls)) ** 2).sum(1)
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(1)
        return (nll + kl).mean()


model = Vae()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(B, D)


def step():
    eps = torch.randn(B, Z)
    opt.zero_grad()
    loss = model.loss(x, eps)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(20):
    step()
t = time.perf_counter()
for _ in range(steps):
    step()
step_ms = (time.perf_counter() - t) * 1000 / steps

# Single-window score, last row only (decoder output cut to the newest row's M outputs).
eps_l = torch.randn(L, Z)
w_last = model.dec2.weight[D - M:].detach().clone()
b_last = model.dec2.bias[D - M:].detach().clone()
ls_last = model.logstd[D - M:].detach().clamp(-5, 2)


@torch.no_grad()
def score(window):
    mu, logvar = model.encode(window.unsqueeze(0))
    z = mu + torch.exp(0.5 * logvar) * eps_l
    mean = torch.nn.functional.linear(torch.tanh(model.dec1(z)), w_last, b_last)
    nll = ls_last + 0.5 * LOG_2PI + 0.5 * ((window[D - M:] - mean) * torch.exp(-ls_last)) ** 2
    return nll.sum(1).mean().item()


windows = torch.rand(scores, D)
for i in range(200):
    score(windows[i % scores])
lat = []
for i in range(scores):
    t0 = time.perf_counter()
    score(windows[i])
    lat.append((time.perf_counter() - t0) * 1e6)
lat.sort()


# Batched: 1024 windows at once, L samples each.
@torch.no_grad()
def score_batch(xb):
    mu, logvar = model.encode(xb)
    z = (mu.unsqueeze(1) + torch.exp(0.5 * logvar).unsqueeze(1) * eps_l.unsqueeze(0)).reshape(-1, Z)
    mean = torch.nn.functional.linear(torch.tanh(model.dec1(z)), w_last, b_last).reshape(xb.shape[0], L, M)
    nll = ls_last + 0.5 * LOG_2PI + 0.5 * ((xb[:, D - M:].unsqueeze(1) - mean) * torch.exp(-ls_last)) ** 2
    return nll.sum(2).mean(1)


xb = torch.rand(1024, D)
score_batch(xb)
t = time.perf_counter()
reps = 5
for _ in range(reps):
    score_batch(xb)
batched = 1024 * reps / (time.perf_counter() - t)

print(json.dumps({
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "stepMs": step_ms,
    "steps": steps,
    "scoreUs": {"p50": lat[len(lat) // 2], "p99": lat[int(len(lat) * 0.99)], "mean": sum(lat) / len(lat)},
    "batchedWindowsPerSecond": batched,
}))
