#!/usr/bin/python3
"""The benchmark suite of issue 28, defined as sweep-benchmarks' dev.sweep.benchmarks.suite defines it.

    /usr/bin/python3 bench/suite_problems.py list                 # name, family, half, continuous
    /usr/bin/python3 bench/suite_problems.py golden OUT.json      # values at fixed points, for SuiteGoldenTest
    /usr/bin/python3 bench/suite_problems.py verify [GOLDEN.json] # this file still writes the committed golden file

Families (every one in both halves):
  bbob-separable (f1-f5), bbob-moderate (f6-f9), bbob-ill-conditioned (f10-f14), bbob-multimodal
  (f15-f19), bbob-weak-structure (f20-f24): COCO's 24 noiseless BBOB functions, instance 1, in 2, 5
  and 10 dimensions, each x_i in [-5, 5], with COCO's legacy instance generator (bbob2009 unif and
  gauss, seed = function + 10000 * instance, rotations from seed + 1000000, fopt, xopt);
  noisy: six COCO bbob-noisy models (Gaussian, uniform, Cauchy) on f1, f8 and f17 in 5-D; the sampler
  is told the noisy value, the regret is the noise-free one; the noise of trial t of seed s is drawn
  from COCO's unif generator seeded by (problem, s, t), so Java and Python draw the same;
  branches: conditional spaces whose best branch is a narrow optimum in a branch that is worse than
  the others nearly everywhere; `in_optimum_region` says whether a config is in that narrow region;
  int, categorical: integer-heavy and categorical-heavy spaces;
  tabular: a scikit-learn model's cross-validated error on a grid of its hyperparameters
  (bench/suite_tabular.py), one Ints index per axis.

THE SPLIT, fixed before any tuning and depending on no sampler's results: a BBOB problem fN in
dimension index k (2-D: 0, 5-D: 1, 10-D: 2) is a tuning problem iff N + k is even; in every other
family, the problems in declaration order alternate tuning, report, tuning, ... Seeds: tuning
1000-1019, report 0-19. Defaults may be chosen only on the tuning half.
"""

import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABULAR = os.path.join(HERE, "..", "sweep-benchmarks", "src", "main", "resources", "dev", "sweep", "benchmarks",
                       "suite", "tabular.json")

TUNING_SEEDS = list(range(1000, 1020))
REPORT_SEEDS = list(range(0, 20))
DIMENSIONS = (2, 5, 10)
INSTANCE = 1
PI = math.pi
TWO_PI = 2 * math.pi


# ---------------------------------------------------------------- COCO's legacy random generator

def coco_unif(n, inseed):
    """bbob2009_unif: n uniform numbers in (0, 1) from the seed (a shuffled Lehmer generator)."""
    if inseed < 0:
        inseed = -inseed
    if inseed < 1:
        inseed = 1
    akt = inseed
    table = [0] * 32
    for i in range(39, -1, -1):
        tmp = akt // 127773
        akt = 16807 * (akt - tmp * 127773) - 2836 * tmp
        if akt < 0:
            akt += 2147483647
        if i < 32:
            table[i] = akt
    aktrand = table[0]
    r = []
    for _ in range(n):
        tmp = akt // 127773
        akt = 16807 * (akt - tmp * 127773) - 2836 * tmp
        if akt < 0:
            akt += 2147483647
        tmp = aktrand // 67108865
        aktrand = table[tmp]
        table[tmp] = akt
        v = aktrand / 2.147483647e9
        r.append(1e-99 if v == 0.0 else v)
    return r


def coco_gauss(n, seed):
    u = coco_unif(2 * n, seed)
    g = []
    for i in range(n):
        v = math.sqrt(-2 * math.log(u[i])) * math.cos(2 * PI * u[n + i])
        g.append(1e-99 if v == 0.0 else v)
    return g


def coco_rotation(seed, d):
    g = coco_gauss(d * d, seed)
    b = [[g[j * d + i] for j in range(d)] for i in range(d)]
    for i in range(d):
        for j in range(i):
            prod = 0.0
            for k in range(d):
                prod += b[k][i] * b[k][j]
            for k in range(d):
                b[k][i] -= prod * b[k][j]
        prod = 0.0
        for k in range(d):
            prod += b[k][i] * b[k][i]
        for k in range(d):
            b[k][i] /= math.sqrt(prod)
    return b


def coco_xopt(seed, d):
    x = []
    for u in coco_unif(d, seed):
        v = 8 * math.floor(1e4 * u) / 1e4 - 4
        x.append(-1e-5 if v == 0.0 else v)
    return x


def coco_fopt(function, instance):
    rseed = {4: 3, 18: 17}.get(function, function) + 10000 * instance
    g1 = coco_gauss(1, rseed)[0]
    g2 = coco_gauss(1, rseed + 1)[0]
    return min(1000.0, max(-1000.0, math.floor(100.0 * 100.0 * g1 / g2 + 0.5) / 100.0))


# ---------------------------------------------------------------- COCO's transformations

def shift(x, s):
    return [x[i] - s[i] for i in range(len(x))]


def affine(m, b, x):
    out = []
    for i in range(len(m)):
        v = b[i]
        for j in range(len(x)):
            v += x[j] * m[i][j]
        out.append(v)
    return out


def linear(m, x):
    return affine(m, [0.0] * len(m), x)


def t_osz(x):
    out = []
    for v in x:
        if v > 0.0:
            t = math.log(v) / 0.1
            out.append(math.pow(math.exp(t + 0.49 * (math.sin(t) + math.sin(0.79 * t))), 0.1))
        elif v < 0.0:
            t = math.log(-v) / 0.1
            out.append(-math.pow(math.exp(t + 0.49 * (math.sin(0.55 * t) + math.sin(0.31 * t))), 0.1))
        else:
            out.append(0.0)
    return out


def t_osz_scalar(y):
    return t_osz([y])[0]


def t_asy(x, beta):
    d = len(x)
    out = []
    for i, v in enumerate(x):
        if v > 0.0:
            out.append(math.pow(v, 1.0 + (beta * i) / (d - 1.0) * math.sqrt(v)))
        else:
            out.append(v)
    return out


def conditioning(x, alpha):
    d = len(x)
    return [math.pow(alpha, 0.5 * i / (d - 1.0)) * x[i] for i in range(d)]


def penalty(x):
    p = 0.0
    for v in x:
        c1 = v - 5.0
        c2 = -5.0 - v
        if c1 > 0.0:
            p += c1 * c1
        elif c2 > 0.0:
            p += c2 * c2
    return p


def rot_lambda_rot(rot1, rot2, base):
    """rot1 * diag(base^(k/(d-1))) * rot2, summed as COCO sums it."""
    d = len(rot1)
    m = [[0.0] * d for _ in range(d)]
    for i in range(d):
        for j in range(d):
            v = 0.0
            for k in range(d):
                v += rot1[i][k] * math.pow(base, 1.0 * k / (d - 1.0)) * rot2[k][j]
            m[i][j] = v
    return m


def coco_round(v):
    return math.floor(v + 0.5)


# ---------------------------------------------------------------- the 24 BBOB functions

def rastrigin_raw(z):
    s1 = 0.0
    s2 = 0.0
    for v in z:
        s1 += math.cos(TWO_PI * v)
        s2 += v * v
    return 10.0 * (len(z) - s1) + s2


def ellipsoid_raw(z):
    d = len(z)
    r = z[0] * z[0]
    for i in range(1, d):
        r += math.pow(1.0e6, 1.0 * i / (d - 1.0)) * z[i] * z[i]
    return r


def rosenbrock_raw(z):
    s1 = 0.0
    s2 = 0.0
    for i in range(len(z) - 1):
        t = z[i] * z[i] - z[i + 1]
        s1 += t * t
        t = z[i] - 1.0
        s2 += t * t
    return 100.0 * s1 + s2


def schaffers_raw(z):
    r = 0.0
    for i in range(len(z) - 1):
        t = z[i] * z[i] + z[i + 1] * z[i + 1]
        r += math.pow(t, 0.25) * (1.0 + math.pow(math.sin(50.0 * math.pow(t, 0.1)), 2.0))
    return math.pow(r / (len(z) - 1.0), 2.0)


class Bbob:
    """COCO's bbob function `function` in `dim` dimensions, instance `instance`: evaluate(x) is f(x) with fopt."""

    def __init__(self, function, dim, instance):
        self.function, self.dim, self.instance = function, dim, instance
        d = dim
        seed = function + 10000 * instance
        if function == 4:
            seed = 3 + 10000 * instance
        if function == 18:
            seed = 17 + 10000 * instance
        self.fopt = coco_fopt(function, instance)
        self.xopt = coco_xopt(seed + 1000000 if function == 12 else seed, d)
        need_rot = function in (6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 23, 24)
        if need_rot:
            self.r1 = coco_rotation(seed + 1000000, d)
            self.r2 = coco_rotation(seed, d)
        if function == 4:
            self.xopt = [abs(v) if i % 2 == 0 else v for i, v in enumerate(self.xopt)]
        elif function == 6:
            self.m = rot_lambda_rot(self.r1, self.r2, math.sqrt(10.0))
        elif function == 8:
            self.xopt = [v * 0.75 for v in self.xopt]
            self.factor = max(1.0, math.sqrt(d) / 8.0)
        elif function in (9, 19):
            rot = coco_rotation(seed, d)
            self.factor = max(1.0, math.sqrt(d) / 8.0)
            self.m = [[self.factor * rot[i][j] for j in range(d)] for i in range(d)]
            self.xopt = []
            for j in range(d):
                t = 0.0
                for i in range(d):
                    t += (self.m[i][j] if function == 19 else rot[i][j])
                self.xopt.append(t / (2.0 * self.factor))
        elif function in (13, 15):
            self.m = rot_lambda_rot(self.r1, self.r2, math.sqrt(10))
        elif function == 16:
            self.m = rot_lambda_rot(self.r1, self.r2, 1.0 / math.sqrt(100.0))
            self.ak = [math.pow(0.5, j) for j in range(12)]
            self.bk = [math.pow(3.0, j) for j in range(12)]
            self.f0 = 0.0
            for j in range(12):
                self.f0 += self.ak[j] * math.cos(2 * PI * self.bk[j] * 0.5)
        elif function in (17, 18):
            cond = 10.0 if function == 17 else 1000.0
            self.m = [[self.r2[i][j] * math.pow(math.sqrt(cond), 1.0 * i / (d - 1.0)) for j in range(d)]
                      for i in range(d)]
        elif function == 20:
            u = coco_unif(d, seed)
            self.signs = [-1.0 if v - 0.5 < 0.0 else 1.0 for v in u]
            self.xopt = [0.5 * 4.2096874637 * s for s in self.signs]
        elif function in (21, 22):
            self._gallagher(seed, 101 if function == 21 else 21)
        elif function == 23:
            self.m = rot_lambda_rot(self.r1, self.r2, math.sqrt(100))
        elif function == 24:
            g = coco_gauss(d, seed)
            self.xopt = [-1.25 if v < 0.0 else 1.25 for v in g]

    def _gallagher(self, seed, peaks):
        d = self.dim
        self.rot = coco_rotation(seed, d)
        if peaks == 101:
            b, c, cond0 = 10.0, 5.0, math.sqrt(1000.0)
        else:
            b, c, cond0 = 9.8, 4.9, 1000.0
        u = coco_unif(peaks - 1, seed)
        order = sorted(range(peaks - 1), key=lambda i: u[i])
        conds = [cond0] + [math.pow(1000.0, order[i - 1] / (peaks - 2.0)) for i in range(1, peaks)]
        self.peak_values = [10.0] + [(i - 1.0) / (peaks - 2.0) * (9.1 - 1.1) + 1.1 for i in range(1, peaks)]
        self.scales = []
        for i in range(peaks):
            u = coco_unif(d, seed + 1000 * i)
            order = sorted(range(d), key=lambda j: u[j])
            self.scales.append([math.pow(conds[i], order[j] / (d - 1.0) - 0.5) for j in range(d)])
        r = coco_unif(d * peaks, seed)
        self.xopt = [0.8 * (b * r[i] - c) for i in range(d)]
        self.local = [[0.0] * peaks for _ in range(d)]
        for i in range(d):
            for j in range(peaks):
                v = 0.0
                for k in range(d):
                    v += self.rot[i][k] * (b * r[j * d + k] - c)
                if j == 0:
                    v *= 0.8
                self.local[i][j] = v

    def evaluate(self, x):
        f = self.function
        d = self.dim
        if f == 1:
            z = shift(x, self.xopt)
            r = 0.0
            for v in z:
                r += v * v
            return r + self.fopt
        if f == 2:
            return ellipsoid_raw(t_osz(shift(x, self.xopt))) + self.fopt
        if f == 3:
            return rastrigin_raw(conditioning(t_asy(t_osz(shift(x, self.xopt)), 0.2), 10.0)) + self.fopt
        if f == 4:
            z = t_osz(shift(x, self.xopt))
            for i in range(d):
                factor = math.pow(math.sqrt(10.0), 1.0 * i / (d - 1.0))
                if z[i] > 0.0 and i % 2 == 0:
                    factor *= 10.0
                z[i] = factor * z[i]
            t1 = 0.0
            t2 = 0.0
            for v in z:
                t1 += math.cos(2 * PI * v)
                t2 += v * v
            return 10.0 * (d - t1) + t2 + 0 + self.fopt + 100.0 * penalty(x)
        if f == 5:
            r = 0.0
            for i in range(d):
                si = math.pow(math.sqrt(100.0), i / (d - 1.0))
                if self.xopt[i] < 0.0:
                    si = -si
                r += 5.0 * abs(si) - si * x[i]
            return r + self.fopt
        if f == 6:
            z = linear(self.m, shift(x, self.xopt))
            r = 0.0
            for i in range(d):
                if self.xopt[i] * z[i] > 0.0:
                    r += 100.0 * 100.0 * z[i] * z[i]
                else:
                    r += z[i] * z[i]
            if r != 0:
                r = t_osz_scalar(r)
            return math.pow(r, 0.9) + self.fopt
        if f == 7:
            return self._step_ellipsoid(x)
        if f == 8:
            z = [self.factor * v for v in shift(x, self.xopt)]
            return rosenbrock_raw(shift(z, [-1.0] * d)) + self.fopt
        if f == 9:
            return rosenbrock_raw(affine(self.m, [0.5] * d, x)) + self.fopt
        if f == 10:
            return ellipsoid_raw(t_osz(linear(self.r1, shift(x, self.xopt)))) + self.fopt
        if f == 11:
            z = t_osz(linear(self.r1, shift(x, self.xopt)))
            r = 1.0e6 * z[0] * z[0]
            for i in range(1, d):
                r += z[i] * z[i]
            return r + self.fopt
        if f == 12:
            z = linear(self.r1, t_asy(linear(self.r1, shift(x, self.xopt)), 0.5))
            r = z[0] * z[0]
            for i in range(1, d):
                r += 1.0e6 * z[i] * z[i]
            return r + self.fopt
        if f == 13:
            z = linear(self.m, shift(x, self.xopt))
            r = 0.0
            for i in range(1, d):
                r += z[i] * z[i]
            return 100.0 * math.sqrt(r) + z[0] * z[0] + self.fopt
        if f == 14:
            z = linear(self.r1, shift(x, self.xopt))
            s = 0.0
            for i in range(d):
                s += math.pow(abs(z[i]), 2.0 + (4.0 * i) / (d - 1.0))
            return math.sqrt(s) + self.fopt
        if f == 15:
            z = linear(self.m, t_asy(t_osz(linear(self.r1, shift(x, self.xopt))), 0.2))
            return rastrigin_raw(z) + self.fopt
        if f == 16:
            z = linear(self.m, t_osz(linear(self.r1, shift(x, self.xopt))))
            r = 0.0
            for i in range(d):
                for j in range(12):
                    r += math.cos(2 * PI * (z[i] + 0.5) * self.bk[j]) * self.ak[j]
            return 10.0 * math.pow(r / d - self.f0, 3.0) + self.fopt + 10.0 / d * penalty(x)
        if f in (17, 18):
            z = linear(self.m, t_asy(linear(self.r1, shift(x, self.xopt)), 0.5))
            return schaffers_raw(z) + self.fopt + 10.0 * penalty(x)
        if f == 19:
            z = shift(linear(self.m, x), [-0.5] * d)
            r = 0.0
            for i in range(d - 1):
                c1 = z[i] * z[i] - z[i + 1]
                c2 = 1.0 - z[i]
                t = 100.0 * c1 * c1 + c2 * c2
                r += t / 4000.0 - math.cos(t)
            return 10.0 + 10.0 * r / (d - 1) + self.fopt
        if f == 20:
            return self._schwefel(x)
        if f in (21, 22):
            return self._gallagher_value(x)
        if f == 23:
            z = linear(self.m, shift(x, self.xopt))
            r = 1.0
            for i in range(d):
                t = 0.0
                for j in range(1, 33):
                    p = math.pow(2.0, j)
                    t += abs(p * z[i] - coco_round(p * z[i])) / p
                t = 1.0 + (i + 1) * t
                r *= math.pow(t, 10.0 / math.pow(d, 1.2))
            return 10.0 / (d * d) * (-1.0 + r) + self.fopt + 1.0 * penalty(x)
        if f == 24:
            return self._lunacek(x)
        raise ValueError(f)

    def _step_ellipsoid(self, x):
        d = self.dim
        pen = 0.0
        for v in x:
            t = abs(v) - 5.0
            if t > 0.0:
                pen += t * t
        xs = []
        for i in range(d):
            c1 = math.sqrt(math.pow(100.0 / 10.0, i / (d - 1.0)))
            v = 0.0
            for j in range(d):
                v += c1 * self.r2[i][j] * (x[j] - self.xopt[j])
            xs.append(v)
        x1 = xs[0]
        for i in range(d):
            xs[i] = coco_round(xs[i]) if abs(xs[i]) > 0.5 else coco_round(10.0 * xs[i]) / 10.0
        r = 0.0
        for i in range(d):
            xx = 0.0
            for j in range(d):
                xx += self.r1[i][j] * xs[j]
            r += math.pow(100.0, i / (d - 1.0)) * xx * xx
        return 0.1 * max(abs(x1) * 1.0e-4, r) + pen + self.fopt

    def _schwefel(self, x):
        d = self.dim
        z = [2.0 * (-x[i] if self.signs[i] < 0 else x[i]) for i in range(d)]
        zh = [z[0]] + [z[i] + 0.25 * (z[i - 1] - 2.0 * abs(self.xopt[i - 1])) for i in range(1, d)]
        zh = [zh[i] - 2 * abs(self.xopt[i]) for i in range(d)]
        zh = conditioning(zh, 10.0)
        zh = [100.0 * (zh[i] - -2 * abs(self.xopt[i])) for i in range(d)]
        pen = 0.0
        for v in zh:
            t = abs(v) - 500.0
            if t > 0.0:
                pen += t * t
        s = 0.0
        for v in zh:
            s += v * math.sin(math.sqrt(abs(v)))
        return 0.01 * (pen + 418.9828872724339 - s / d) + self.fopt

    def _gallagher_value(self, x):
        d = self.dim
        pen = 0.0
        for v in x:
            t = abs(v) - 5.0
            if t > 0.0:
                pen += t * t
        tmx = linear(self.rot, x)
        fac = -0.5 / d
        f = 0.0
        for i in range(len(self.peak_values)):
            t2 = 0.0
            for j in range(d):
                t = tmx[j] - self.local[j][i]
                t2 += self.scales[i][j] * t * t
            f = max(f, self.peak_values[i] * math.exp(fac * t2))
        f = 10.0 - f
        ft = t_osz_scalar(f)
        return ft * ft + pen + self.fopt

    def _lunacek(self, x):
        d = self.dim
        mu0 = 2.5
        s = 1.0 - 0.5 / (math.sqrt(d + 20.0) - 4.1)
        mu1 = -math.sqrt((mu0 * mu0 - 1.0) / s)
        pen = 0.0
        for v in x:
            t = abs(v) - 5.0
            if t > 0.0:
                pen += t * t
        xh = [(-2.0 * x[i] if self.xopt[i] < 0.0 else 2.0 * x[i]) for i in range(d)]
        tv = []
        for i in range(d):
            c1 = math.pow(math.sqrt(100.0), i / (d - 1.0))
            v = 0.0
            for j in range(d):
                v += c1 * self.r2[i][j] * (xh[j] - mu0)
            tv.append(v)
        s1 = s2 = s3 = 0.0
        for i in range(d):
            zi = 0.0
            for j in range(d):
                zi += self.r1[i][j] * tv[j]
            s1 += (xh[i] - mu0) * (xh[i] - mu0)
            s2 += (xh[i] - mu1) * (xh[i] - mu1)
            s3 += math.cos(2 * PI * zi)
        return min(s1, 1.0 * d + s * s2) + 10.0 * (d - s3) + 1e4 * pen + self.fopt


# ---------------------------------------------------------------- spaces, as Sweep's Space declares them

def F(path, lo, hi, log=False):
    return ("float", path, lo, hi, log)


def I(path, lo, hi):
    return ("int", path, lo, hi)


def C(path, values):
    return ("cat", path, list(values))


def B(path, branches):
    """Branches: [(name, [nodes])]; the key is path + '.type' as in Sweep."""
    return ("branch", path, branches)


def suggest(trial, nodes, prefix=""):
    """Define-by-run: suggests every parameter of `nodes` on an Optuna trial; returns the flat params."""
    params = {}
    for n in nodes:
        kind, path = n[0], prefix + n[1]
        if kind == "float":
            params[path] = trial.suggest_float(path, n[2], n[3], log=n[4])
        elif kind == "int":
            params[path] = trial.suggest_int(path, n[2], n[3])
        elif kind == "cat":
            params[path] = trial.suggest_categorical(path, n[2])
        else:
            names = [b[0] for b in n[2]]
            chosen = trial.suggest_categorical(path + ".type", names)
            params[path + ".type"] = chosen
            params.update(suggest(trial, dict(n[2])[chosen], path + "."))
    return params


class Problem:
    def __init__(self, name, family, space, value, optimum, optimum_params, continuous, noise=None, region=None,
                 noise_id=0):
        self.name, self.family, self.space, self.value = name, family, space, value
        self.optimum, self.optimum_params, self.continuous = optimum, optimum_params, continuous
        self.noise, self.region, self.noise_id = noise, region, noise_id
        self.tuning = None

    def evaluate(self, params):
        """The noise-free value at flat params {path: value}."""
        return self.value(params)

    def observe(self, params, seed, trial):
        """What a sampler is told at trial `trial` of seed `seed`: the value, with noise on noisy problems."""
        v = self.value(params)
        return v if self.noise is None else self.noise(v, self.optimum, noise_uniforms(self.noise_id, seed, trial))

    def objective(self, seed):
        """A define-by-run objective for Optuna (trial numbers count from 0, as Sweep's trial indices)."""
        def run(trial):
            return self.observe(suggest(trial, self.space), seed, trial.number)
        return run


def cube(d):
    return [F("x%d" % i, -5.0, 5.0) for i in range(d)]


def vec(params, d):
    return [params["x%d" % i] for i in range(d)]


BBOB_GROUPS = [("bbob-separable", range(1, 6)), ("bbob-moderate", range(6, 10)),
               ("bbob-ill-conditioned", range(10, 15)), ("bbob-multimodal", range(15, 20)),
               ("bbob-weak-structure", range(20, 25))]


def bbob_problems():
    out = []
    for family, functions in BBOB_GROUPS:
        for fn in functions:
            for k, d in enumerate(DIMENSIONS):
                bb = Bbob(fn, d, INSTANCE)
                p = Problem("bbob-f%02d-d%02d-i%d" % (fn, d, INSTANCE), family, cube(d),
                            (lambda b, dd: lambda params: b.evaluate(vec(params, dd)))(bb, d), bb.fopt,
                            optimum_bbob(bb), True)
                p.tuning = (fn + k) % 2 == 0
                out.append(p)
    return out


def optimum_bbob(bb):
    if bb.function == 5:
        x = [5.0 if v > 0.0 else -5.0 for v in bb.xopt]
    elif bb.function == 20:
        x = [0.5 * 4.2096874633 * s for s in bb.signs]
    else:
        x = bb.xopt
    return {"x%d" % i: v for i, v in enumerate(x)}


# ---------------------------------------------------------------- noisy (COCO bbob-noisy models)

def noise_uniforms(noise_id, seed, trial):
    """Four uniforms for trial `trial` of seed `seed`: COCO's unif generator on one integer seed."""
    s = (noise_id * 1000003 + (seed + 1) * 10007 + trial * 7) % 2147483646 + 1
    return coco_unif(4, s)


def normal(u1, u2):
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * PI * u2)


def gauss_noise(beta):
    def noise(v, fopt, u):
        g = v - fopt
        return fopt + g * math.exp(beta * normal(u[0], u[1]))
    return noise


def uniform_noise(alpha, beta):
    def noise(v, fopt, u):
        g = v - fopt
        return fopt + g * math.pow(u[0], beta) * max(1.0, math.pow(1e9 / (g + 1e-99), alpha * u[1]))
    return noise


def cauchy_noise(alpha, p):
    def noise(v, fopt, u):
        g = v - fopt
        jump = normal(u[0], u[1]) / (abs(normal(u[2], u[1])) + 1e-199) if u[3] < p else 0.0
        return fopt + g + alpha * max(0.0, 1000.0 + jump)
    return noise


def noisy_problems():
    d = 5
    specs = [("noisy-f01-gauss-d05", 1, gauss_noise(1.0)),
             ("noisy-f01-uniform-d05", 1, uniform_noise(0.49 + 1.0 / d, 1.0)),
             ("noisy-f08-gauss-d05", 8, gauss_noise(1.0)),
             ("noisy-f08-cauchy-d05", 8, cauchy_noise(1.0, 0.2)),
             ("noisy-f17-gauss-d05", 17, gauss_noise(1.0)),
             ("noisy-f17-uniform-d05", 17, uniform_noise(0.49 + 1.0 / d, 1.0))]
    out = []
    for i, (name, fn, model) in enumerate(specs):
        bb = Bbob(fn, d, INSTANCE)
        out.append(Problem(name, "noisy", cube(d), (lambda b: lambda params: b.evaluate(vec(params, d)))(bb),
                           bb.fopt, optimum_bbob(bb), True, noise=model, noise_id=i + 1))
    return out


# ---------------------------------------------------------------- branches

def bump(r2, width2):
    return math.exp(-r2 / (2.0 * width2))


def branch_two(p):
    if p["model.type"] == "wide":
        x = p["model.x"] - 1.0
        return 1.0 + 0.02 * x * x
    dx = p["model.u"] - 0.73
    dy = p["model.v"] - 0.21
    return 2.0 - 2.0 * bump(dx * dx + dy * dy, 0.03 * 0.03)


def branch_two_region(p):
    if p.get("model.type") != "narrow":
        return False
    dx = p["model.u"] - 0.73
    dy = p["model.v"] - 0.21
    return dx * dx + dy * dy <= 0.06 * 0.06


def branch_three(p):
    t = p["model.type"]
    if t == "smooth":
        a = p["model.a"] - 3.0
        n = p["model.n"] - 4
        return 0.5 + 0.02 * a * a + 0.01 * n * n
    if t == "rough":
        a = p["model.a"] - 7.0
        return 0.8 + 0.05 * a * a + 0.1 * (p["model.n"] % 3)
    e = math.log10(p["model.lr"]) + 3.3
    m = p["model.m"] - 0.9
    return 1.5 - 1.5 * math.exp(-(e * e / (2.0 * 0.15 * 0.15) + m * m / (2.0 * 0.05 * 0.05)))


def branch_three_region(p):
    if p.get("model.type") != "spike":
        return False
    return abs(math.log10(p["model.lr"]) + 3.3) <= 0.3 and abs(p["model.m"] - 0.9) <= 0.1


DECOYS = {"bowl-a": (0.3, [0.5, -0.5, 0.0]), "bowl-b": (0.4, [-1.0, 1.0, 0.5]), "bowl-c": (0.5, [0.0, 0.0, -1.5])}
NEEDLE = [0.61, -0.37, 0.12]


def branch_four(p):
    t = p["model.type"]
    z = [p["model.z0"], p["model.z1"], p["model.z2"]]
    if t in DECOYS:
        base, c = DECOYS[t]
        r2 = 0.0
        for i in range(3):
            r2 += (z[i] - c[i]) * (z[i] - c[i])
        return base + 0.02 * r2
    r2 = 0.0
    for i in range(3):
        r2 += (z[i] - NEEDLE[i]) * (z[i] - NEEDLE[i])
    return 1.2 - 1.2 * bump(r2, 0.12 * 0.12)


def branch_four_region(p):
    if p.get("model.type") != "needle":
        return False
    r2 = 0.0
    for i in range(3):
        r2 += (p["model.z%d" % i] - NEEDLE[i]) * (p["model.z%d" % i] - NEEDLE[i])
    return r2 <= 0.24 * 0.24


def branch_problems():
    two = [B("model", [("wide", [F("x", -5.0, 5.0)]), ("narrow", [F("u", 0.0, 1.0), F("v", 0.0, 1.0)])])]
    three = [B("model", [("smooth", [F("a", 0.0, 10.0), I("n", 1, 10)]),
                         ("rough", [F("a", 0.0, 10.0), I("n", 1, 10)]),
                         ("spike", [F("lr", 1e-5, 1.0, True), F("m", 0.0, 1.0)])])]
    zs = [F("z0", -3.0, 3.0), F("z1", -3.0, 3.0), F("z2", -3.0, 3.0)]
    four = [B("model", [("bowl-a", zs), ("bowl-b", zs), ("bowl-c", zs), ("needle", [F("z0", -1.0, 1.0),
                                                                                     F("z1", -1.0, 1.0),
                                                                                     F("z2", -1.0, 1.0)])])]
    return [
        Problem("branches-two", "branches", two, branch_two, 0.0,
                {"model.type": "narrow", "model.u": 0.73, "model.v": 0.21}, False, region=branch_two_region),
        Problem("branches-three", "branches", three, branch_three, 0.0,
                {"model.type": "spike", "model.lr": math.pow(10.0, -3.3), "model.m": 0.9}, False,
                region=branch_three_region),
        Problem("branches-four", "branches", four, branch_four, 0.0,
                {"model.type": "needle", "model.z0": NEEDLE[0], "model.z1": NEEDLE[1], "model.z2": NEEDLE[2]},
                False, region=branch_four_region),
    ]


# ---------------------------------------------------------------- integer-heavy

INT_CENTRE = [3, -7, 1, 8, -2, 5, -9, 0]
INT_WEIGHTS = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0]
RUGGED_CENTRE = [7, -12, 3, 15, -4, 0]
SUM_CENTRE = [2, 9, 5, 0, 13, 7, 11, 4]


def int_ellipsoid(p):
    r = 0.0
    for i in range(8):
        dlt = p["n%d" % i] - INT_CENTRE[i]
        r += INT_WEIGHTS[i] * dlt * dlt
    return r


def int_rugged(p):
    r = 0.0
    for i in range(6):
        dlt = p["n%d" % i] - RUGGED_CENTRE[i]
        r += dlt * dlt / 10.0 + (8.0 if dlt % 5 != 0 else 0.0)
    return r


def int_mixed(p):
    a = (p["n0"] - 37) / 20.0
    b = (p["n1"] - 81) / 20.0
    c = p["n2"] - p["n3"] - 7
    e = p["n2"] - 12
    x = p["x0"] - 0.3
    y = p["x1"] + 0.6
    return a * a + b * b + 0.1 * abs(c) + 0.05 * e * e + x * x + y * y


def int_sum(p):
    r = 0.0
    total = 0
    for i in range(8):
        r += abs(p["n%d" % i] - SUM_CENTRE[i])
        total += p["n%d" % i]
    s = total - sum(SUM_CENTRE)
    return r + s * s / 10.0


def int_problems():
    return [
        Problem("int-ellipsoid", "int", [I("n%d" % i, -10, 10) for i in range(8)], int_ellipsoid, 0.0,
                {"n%d" % i: v for i, v in enumerate(INT_CENTRE)}, False),
        Problem("int-rugged", "int", [I("n%d" % i, -20, 20) for i in range(6)], int_rugged, 0.0,
                {"n%d" % i: v for i, v in enumerate(RUGGED_CENTRE)}, False),
        Problem("int-mixed", "int", [I("n0", 1, 100), I("n1", 1, 100), I("n2", 0, 30), I("n3", 0, 30),
                                     F("x0", -1.0, 1.0), F("x1", -1.0, 1.0)], int_mixed, 0.0,
                {"n0": 37, "n1": 81, "n2": 12, "n3": 5, "x0": 0.3, "x1": -0.6}, False),
        Problem("int-sum", "int", [I("n%d" % i, 0, 15) for i in range(8)], int_sum, 0.0,
                {"n%d" % i: v for i, v in enumerate(SUM_CENTRE)}, False),
    ]


# ---------------------------------------------------------------- categorical-heavy

LETTERS = ["a", "b", "c", "d"]
LEVELS5 = ["l0", "l1", "l2", "l3", "l4"]


def additive_cost(i, k):
    return ((7 * i + 3 * k * k + 5) % 11) / 10.0


def cat_additive(p):
    r = 0.0
    for i in range(10):
        r += additive_cost(i, LETTERS.index(p["c%d" % i]))
    return r


def pair_cost(i, k, l):
    return ((i * 31 + k * 17 + l * 13 + i * k * l * 7) % 19) / 19.0


def unary_cost(i, k):
    return ((i * 11 + k * 5 + 3) % 7) / 14.0


def cat_pairwise_levels(levels):
    r = 0.0
    for i in range(6):
        r += unary_cost(i, levels[i])
    for i in range(5):
        r += pair_cost(i, levels[i], levels[i + 1])
    return r


def cat_pairwise(p):
    return cat_pairwise_levels([LEVELS5.index(p["c%d" % i]) for i in range(6)])


def pairwise_best():
    best, arg = None, None
    for code in range(5 ** 6):
        levels = [(code // 5 ** i) % 5 for i in range(6)]
        v = cat_pairwise_levels(levels)
        if best is None or v < best:
            best, arg = v, levels
    return best, arg


OPTIMIZERS = {"sgd": (0.3, -1.0), "adam": (0.0, -3.0), "rmsprop": (0.1, -3.5), "adagrad": (0.4, -1.5)}
ACTIVATIONS = {"relu": 0.0, "tanh": 0.2, "gelu": 0.05, "sigmoid": 0.5, "elu": 0.1}
NORMS = {"none": 0.2, "batch": 0.0, "layer": 0.05}
INITS = {"he": 0.0, "xavier": 0.1, "normal": 0.3}


def cat_mixed(p):
    base, best_lr = OPTIMIZERS[p["optimizer"]]
    e = math.log10(p["lr"]) - best_lr
    w = p["wd"] - 0.01
    r = base + ACTIVATIONS[p["activation"]] + NORMS[p["norm"]] + INITS[p["init"]]
    if p["optimizer"] == "sgd" and p["norm"] == "none":
        r += 0.3
    if p["activation"] == "sigmoid" and p["init"] == "he":
        r += 0.2
    return r + e * e / 4.0 + 10.0 * w * w


FLAGS_TARGET = [True, False, True, True, False, False, True, False, True, True, False, True]


def cat_flags(p):
    f = [p["f%d" % i] for i in range(12)]
    r = 0.0
    for i in range(12):
        if f[i] != FLAGS_TARGET[i]:
            r += 1.0 + i / 12.0
    for i in range(0, 12, 3):
        if (f[i] != f[i + 1]) != (FLAGS_TARGET[i] != FLAGS_TARGET[i + 1]):
            r += 0.5
    return r


def categorical_problems():
    best, arg = pairwise_best()
    add_best = {}
    for i in range(10):
        costs = [additive_cost(i, k) for k in range(4)]
        add_best["c%d" % i] = LETTERS[costs.index(min(costs))]
    return [
        Problem("cat-additive", "categorical", [C("c%d" % i, LETTERS) for i in range(10)], cat_additive,
                cat_additive(add_best), add_best, False),
        Problem("cat-pairwise", "categorical", [C("c%d" % i, LEVELS5) for i in range(6)], cat_pairwise, best,
                {"c%d" % i: LEVELS5[k] for i, k in enumerate(arg)}, False),
        Problem("cat-mixed", "categorical",
                [C("optimizer", list(OPTIMIZERS)), C("activation", list(ACTIVATIONS)), C("norm", list(NORMS)),
                 C("init", list(INITS)), F("lr", 1e-5, 1.0, True), F("wd", 0.0, 0.1)], cat_mixed, 0.0,
                {"optimizer": "adam", "activation": "relu", "norm": "batch", "init": "he", "lr": 1e-3, "wd": 0.01},
                False),
        Problem("cat-flags", "categorical", [C("f%d" % i, [False, True]) for i in range(12)], cat_flags, 0.0,
                {"f%d" % i: v for i, v in enumerate(FLAGS_TARGET)}, False),
    ]


# ---------------------------------------------------------------- tabular

def tabular_problems():
    if not os.path.exists(TABULAR) or os.path.getsize(TABULAR) == 0:
        raise SystemExit("suite_problems.py: the tabular problems' table %s is missing or empty "
                         "(bench/suite_tabular.py writes it)" % TABULAR)
    with open(TABULAR) as f:
        doc = json.load(f)
    if not doc.get("problems"):
        raise SystemExit("suite_problems.py: %s has no problems (bench/suite_tabular.py writes it)" % TABULAR)
    out = []
    for t in doc["problems"]:
        axes = t["axes"]
        errors = t["errors"]

        def value(p, axes=axes, errors=errors):
            idx = 0
            for a in axes:
                idx = idx * len(a["values"]) + p[a["name"]]
            return errors[idx]

        best = errors.index(t["best"])
        arg = {}
        for a in reversed(axes):
            arg[a["name"]] = best % len(a["values"])
            best //= len(a["values"])
        out.append(Problem(t["name"], "tabular", [I(a["name"], 0, len(a["values"]) - 1) for a in axes], value,
                           t["best"], {a["name"]: arg[a["name"]] for a in axes}, False))
    return out


# ---------------------------------------------------------------- the suite and its split

def all_problems():
    out = bbob_problems()
    for group in (noisy_problems(), branch_problems(), int_problems(), categorical_problems(), tabular_problems()):
        for i, p in enumerate(group):
            p.tuning = i % 2 == 0
            out.append(p)
    return out


def tuning():
    return [p for p in all_problems() if p.tuning]


def report():
    return [p for p in all_problems() if not p.tuning]


# ---------------------------------------------------------------- golden values for the Java twin

def golden_points(p, count=5):
    """The optimum's params, then `count - 1` points from COCO's unif generator (one per problem)."""
    points = [dict(p.optimum_params)]
    index = [q.name for q in all_problems()].index(p.name)
    for k in range(1, count):
        u = iter(coco_unif(64, 7919 * (index + 1) + 104729 * k))
        points.append(draw(p.space, u, "", near=p.optimum_params if k == 1 else None))
    return points


def draw(nodes, u, prefix, near=None):
    params = {}
    for n in nodes:
        kind, path = n[0], prefix + n[1]
        v = next(u)
        if kind == "float":
            lo, hi = n[2], n[3]
            if near is not None and path in near:  # a point near the optimum
                x = near[path] + (v - 0.5) * 1e-3 * (hi - lo)
                params[path] = min(hi, max(lo, x))
            elif n[4]:
                params[path] = math.exp(math.log(lo) + v * (math.log(hi) - math.log(lo)))
            else:
                params[path] = lo + v * (hi - lo)
        elif kind == "int":
            params[path] = n[2] + min(n[3] - n[2], int(v * (n[3] - n[2] + 1)))
        elif kind == "cat":
            params[path] = n[2][min(len(n[2]) - 1, int(v * len(n[2])))]
        else:
            names = [b[0] for b in n[2]]
            chosen = names[min(len(names) - 1, int(v * len(names)))]
            if near is not None and near.get(path + ".type") in names:
                chosen = near[path + ".type"]
            params[path + ".type"] = chosen
            params.update(draw(dict(n[2])[chosen], u, path + ".", near))
    return params


GOLDEN = os.path.join(HERE, "..", "sweep-benchmarks", "src", "test", "resources", "dev", "sweep", "benchmarks",
                      "suite", "golden.json")


def verify(path):
    """Exit 1 unless regenerating the golden values gives the committed file byte for byte."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        golden(os.path.join(d, "golden.json"))
        with open(os.path.join(d, "golden.json")) as f:
            fresh = f.read()
    with open(path) as f:
        same = f.read() == fresh
    print("golden values %s %s" % ("reproduce" if same else "DIFFER from", path))
    sys.exit(0 if same else 1)


def golden(out):
    rows = []
    for p in all_problems():
        pts = []
        for k, params in enumerate(golden_points(p)):
            row = {"params": params, "value": p.evaluate(params)}
            if p.noise is not None:
                row["observed"] = [p.observe(params, seed, k) for seed in (0, 1000)]
            if p.region is not None:
                row["inRegion"] = bool(p.region(params))
            pts.append(row)
        rows.append({"name": p.name, "family": p.family, "half": "tuning" if p.tuning else "report",
                     "continuous": p.continuous, "optimum": p.optimum, "points": pts})
    instances = []
    for fn in range(1, 25):
        for d in DIMENSIONS:
            bb = Bbob(fn, d, INSTANCE)
            instances.append({"function": fn, "dim": d, "fopt": bb.fopt, "xopt": bb.xopt})
    rng = {"unif": coco_unif(10, 12345), "gauss": coco_gauss(10, 12345), "rotation": coco_rotation(1000015, 5)}
    with open(out, "w") as f:
        json.dump({"generator": "bench/suite_problems.py golden", "random": rng, "instances": instances,
                   "problems": rows}, f, indent=1)
        f.write("\n")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        for p in all_problems():
            print("%-28s %-22s %-7s %s" % (p.name, p.family, "tuning" if p.tuning else "report",
                                           "continuous" if p.continuous else ""))
    elif len(sys.argv) >= 3 and sys.argv[1] == "golden":
        golden(sys.argv[2])
    elif len(sys.argv) >= 2 and sys.argv[1] == "verify":
        verify(sys.argv[2] if len(sys.argv) >= 3 else GOLDEN)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
