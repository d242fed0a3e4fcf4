#!/usr/bin/env python3
"""Reference values for src/evaluation/methods, computed independently with numpy and scipy.

    python3 scripts/evaluation-fixtures.py

writes test/fixtures/evaluation/reference.json. Every formula below is written out here in numpy from its source
(the same sources the TypeScript headers name); nothing calls the TypeScript code. scipy is used only where it is
the reference itself (scipy.stats.rankdata for average ranks). AHP uses numpy.linalg.eig, not power iteration, so
the TypeScript power iteration is checked against a different algorithm.

Inputs
  * "jiangsu": five Jiangsu cities x four indicators. APPROXIMATE, ROUNDED values of the magnitude of the cities'
    published figures around 2022, typed in for testing. They are fixture inputs, not statistics: do not cite them.
      urbanisation rate of the resident population (%)            higher is better
      GDP per capita (10 000 yuan)                                 higher is better
      per-capita disposable income of urban residents (10 000 yuan) higher is better
      PM2.5 annual mean (ug/m3)                                    lower is better (Nanjing and Suzhou tie)
    Targets for distance to target: 80 %, 15, 7 and 35 ug/m3 (the GB 3095-2012 grade II annual limit); the first
    three are illustrative, not plan targets.
  * "synthetic": an INVENTED 6 x 3 matrix with ties in every column, to exercise average ranks.
  * AHP: Saaty's (1990, EJOR 48: 9-26) "relative wealth of nations" 7 x 7 matrix (published lambda_max = 7.61,
    consistent) and his house-buying 8 x 8 matrix (published lambda_max = 9.669, CI = 0.238, CR = 0.169,
    inconsistent). Their published priority vectors are stored next to the numpy ones.
  * coupling: a handful of subsystem-score vectors U in [0, 1].

Output is deterministic: rerunning changes no byte on the same numpy/scipy versions.
"""
import json
import platform
from pathlib import Path

import numpy as np
import scipy
from scipy.stats import rankdata

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'evaluation' / 'reference.json'

JIANGSU = {
    'regions': ['Nanjing', 'Wuxi', 'Suzhou', 'Xuzhou', 'Yancheng'],
    'indicators': ['urbanisation_rate', 'gdp_per_capita', 'urban_income', 'pm25'],
    'directions': ['higher', 'higher', 'higher', 'lower'],
    'values': [
        [87.0, 17.8, 7.63, 28.0],
        [83.1, 20.0, 7.42, 29.0],
        [82.1, 18.6, 7.90, 28.0],
        [67.6, 9.1, 4.44, 40.0],
        [65.7, 9.9, 4.61, 30.0],
    ],
    'targets': [80.0, 15.0, 7.0, 35.0],
}

SYNTHETIC = {
    'regions': ['A', 'B', 'C', 'D', 'E', 'F'],
    'indicators': ['x1', 'x2', 'x3'],
    'directions': ['higher', 'lower', 'higher'],
    'values': [
        [3.0, 10.0, 0.5],
        [1.0, 20.0, 0.5],
        [2.0, 20.0, 0.9],
        [2.0, 5.0, 0.1],
        [4.0, 15.0, 0.3],
        [2.0, 30.0, 0.7],
    ],
    'targets': [3.5, 8.0, 0.8],
}

EXPERT_WEIGHTS = [0.3, 0.25, 0.25, 0.2]


def signs(directions):
    return np.array([1.0 if d == 'higher' else -1.0 for d in directions])


def minmax(x, directions):
    """OECD/JRC Handbook: (x - min)/(max - min); lower is better: (max - x)/(max - min)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    up = (x - lo) / (hi - lo)
    down = (hi - x) / (hi - lo)
    return np.where(signs(directions) > 0, up, down)


def zscore(x, directions, ddof):
    return signs(directions) * (x - x.mean(axis=0)) / x.std(axis=0, ddof=ddof)


def rank_unit(x, directions):
    r = np.column_stack([rankdata(s * x[:, j], method='average') for j, s in enumerate(signs(directions))])
    return r, (r - 1) / (x.shape[0] - 1)


def vector(x):
    return x / np.sqrt((x ** 2).sum(axis=0))


def dist2targ_coinr(x, directions, targets, cap):
    """COINr n_dist2targ 1.1.14: (x - min)/(T - min), or (max - x)/(max - T) for direction -1."""
    out = np.empty_like(x)
    for j, s in enumerate(signs(directions)):
        worst = x[:, j].min() if s > 0 else x[:, j].max()
        out[:, j] = (x[:, j] - worst) / (targets[j] - worst)
    return np.minimum(out, 1.0) if cap else out


def dist2targ_ratio(x, directions, targets):
    out = np.where(signs(directions) > 0, x / np.array(targets), np.array(targets) / x)
    return np.minimum(out, 1.0)


def entropy(data, shift=0.0):
    """e_j = -sum p ln p / ln m with p = x / sum x; 0 ln 0 = 0."""
    d = data + shift
    p = d / d.sum(axis=0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(data.shape[0])
    div = 1 - e
    return {'weights': (div / div.sum()).tolist(), 'entropy': e.tolist()}


def critic(x, directions, ddof):
    """Diakoulaki et al. 1995: C_j = sigma_j * sum_k (1 - r_jk) on the min-max normalised matrix."""
    n = minmax(x, directions)
    sd = n.std(axis=0, ddof=ddof)
    r = np.corrcoef(n, rowvar=False)
    conflict = (1 - r).sum(axis=0)
    c = sd * conflict
    return {'weights': (c / c.sum()).tolist(), 'contrast': sd.tolist(), 'conflict': conflict.tolist(),
            'information': c.tolist()}


def topsis(x, directions, w, normalisation):
    """Hwang & Yoon 1981; 'minmax' as pymcdm (inverted cost columns, ideal = column max)."""
    w = np.array(w) / np.sum(w)
    s = signs(directions)
    if normalisation == 'vector':
        v = vector(x) * w
        ideal = np.where(s > 0, v.max(axis=0), v.min(axis=0))
        anti = np.where(s > 0, v.min(axis=0), v.max(axis=0))
    else:
        v = minmax(x, directions) * w
        ideal, anti = v.max(axis=0), v.min(axis=0)
    dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return {'closeness': (dm / (dp + dm)).tolist(), 'dPlus': dp.tolist(), 'dMinus': dm.tolist(),
            'ideal': ideal.tolist(), 'antiIdeal': anti.tolist()}


def arithmetic(x, w):
    w = np.array(w) / np.sum(w)
    return (x * w).sum(axis=1)


def geometric(x, w):
    w = np.array(w) / np.sum(w)
    return np.prod(x ** w, axis=1)


SAATY_RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]


def ahp(a):
    a = np.array(a, dtype=float)
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = vecs[:, k].real
    w = w / w.sum()
    lam = float(vals[k].real)
    n = a.shape[0]
    ci = (lam - n) / (n - 1)
    return {'weights': w.tolist(), 'lambdaMax': lam, 'ci': ci, 'cr': ci / SAATY_RI[n - 1]}


WEALTH = [  # Saaty (1990) after Saaty & Khouja (1976): US, USSR, China, France, UK, Japan, W. Germany
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]
WEALTH_PUBLISHED = {'weights': [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094], 'lambdaMax': 7.61}

HOUSE = [  # Saaty (1990): size, transportation, neighbourhood, age, yard, modern facilities, condition, financing
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_PUBLISHED = {'weights': [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], 'lambdaMax': 9.669,
                   'ci': 0.238, 'cr': 0.169}

COUPLING_CASES = [
    {'u': [0.5, 0.8]},
    {'u': [0.2, 0.9]},
    {'u': [0.31, 0.31]},
    {'u': [0.05, 0.6], 'weights': [0.4, 0.6]},
    {'u': [0.3, 0.6, 0.9], 'weights': [0.5, 0.3, 0.2]},
    {'u': [0.7, 0.7, 0.7]},
    {'u': [0.1, 0.4, 0.6, 0.95]},
    {'u': [0.0, 0.5, 0.9]},
]


def coupling(case):
    u = np.array(case['u'], dtype=float)
    n = len(u)
    w = np.array(case.get('weights', [1.0] * n), dtype=float)
    w = w / w.sum()
    c = n * np.prod(u) ** (1 / n) / u.sum()
    gaps = sum(abs(u[i] - u[j]) for i in range(n) for j in range(i))
    c_adj = np.sqrt((1 - gaps / sum(range(1, n))) * np.prod(u / u.max()) ** (1 / (n - 1)))
    t = float((w * u).sum())
    out = {**case, 'c': float(c), 't': t, 'd': float(np.sqrt(c * t)), 'cAdjusted': float(c_adj),
           'dAdjusted': float(np.sqrt(c_adj * t))}
    if n == 2:
        out['cTwo'] = float(2 * np.sqrt(u[0] * u[1]) / (u[0] + u[1]))
    return out


def matrix_block(m):
    x = np.array(m['values'], dtype=float)
    d = m['directions']
    mm = minmax(x, d)
    raw_rank, unit_rank = rank_unit(x, d)
    out = {
        'normalise': {
            'minmax': mm.tolist(),
            'zscoreSample': zscore(x, d, 1).tolist(),
            'zscorePopulation': zscore(x, d, 0).tolist(),
            'rankRaw': raw_rank.tolist(),
            'rankUnit': unit_rank.tolist(),
            'vector': vector(x).tolist(),
            'dist2targCoinrCapped': dist2targ_coinr(x, d, m['targets'], True).tolist(),
            'dist2targCoinrUncapped': dist2targ_coinr(x, d, m['targets'], False).tolist(),
            'dist2targRatio': dist2targ_ratio(x, d, m['targets']).tolist(),
        },
        'weights': {
            'entropyLimit': entropy(mm),
            'entropyShift0001': {'shift': 1e-4, **entropy(mm, 1e-4)},
            'entropyShift001': {'shift': 1e-2, **entropy(mm, 1e-2)},
            'criticSample': critic(x, d, 1),
            'criticPopulation': critic(x, d, 0),
        },
    }
    return out


def main():
    jx = np.array(JIANGSU['values'], dtype=float)
    jd = JIANGSU['directions']
    j_mm = minmax(jx, jd)
    j_ratio = dist2targ_ratio(jx, jd, JIANGSU['targets'])
    shifted = j_mm - j_mm.min(axis=0) + 1
    ent = np.array(entropy(j_mm)['weights'])
    ref = {
        'generatedBy': 'python3 scripts/evaluation-fixtures.py',
        'python': platform.python_version(),
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'matrices': {'jiangsu': JIANGSU, 'synthetic': SYNTHETIC},
        'jiangsu': matrix_block(JIANGSU),
        'synthetic': matrix_block(SYNTHETIC),
        'aggregate': {
            'weights': EXPERT_WEIGHTS,
            'arithmeticMinmax': arithmetic(j_mm, EXPERT_WEIGHTS).tolist(),
            'geometricRatio': geometric(j_ratio, EXPERT_WEIGHTS).tolist(),
            'geometricShiftedMinmax': geometric(shifted, EXPERT_WEIGHTS).tolist(),
            'topsisVector': topsis(jx, jd, EXPERT_WEIGHTS, 'vector'),
            'topsisMinmax': topsis(jx, jd, EXPERT_WEIGHTS, 'minmax'),
            'entropyMinmaxArithmetic': arithmetic(j_mm, ent).tolist(),
        },
        'ahp': {
            'wealth': {'matrix': WEALTH, 'published': WEALTH_PUBLISHED, **ahp(WEALTH)},
            'house': {'matrix': HOUSE, 'published': HOUSE_PUBLISHED, **ahp(HOUSE)},
        },
        'coupling': [coupling(c) for c in COUPLING_CASES],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(ref, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
