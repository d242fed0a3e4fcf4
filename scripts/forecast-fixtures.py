#!/usr/bin/env python3
"""Reference values for src/forecasting, computed with numpy and scipy.

    python3 scripts/forecast-fixtures.py

writes
    test/fixtures/forecasting/logistic-scipy.json   logistic fits by scipy.optimize.curve_fit
    test/fixtures/forecasting/trend-numpy.json      linear / compound trends by numpy.polyfit, URGD by numpy

Inputs
  * "jiangsu": the Jiangsu resident-population urbanization rate (%), 2010-2024, as given in the forecasting
    brief. It is the fixture's input, not a data file of the project: 2010 and 2020 are census years, so the
    2019 -> 2020 step (70.61 -> 73.44) is a re-basing of the sample-survey series, kept here as published.
  * "synthetic_*": INVENTED numbers for testing the fitter, not statistics.

Starting point (the same rule as src/forecasting/logistic-start.ts):
  K0 = the given saturation; else (max(y) + upper) / 2 for K fitted in [max(y), upper];
  then OLS of z = ln(y / (K0 - y)) on t (numpy.polyfit deg 1): z = a + b t, so r0 = b and tm0 = -a / b.

scipy settings: fixed K -> curve_fit(method='lm', MINPACK); fitted K with bounds -> curve_fit(method='trf').
Tolerances are tightened to 1e-15 so that scipy's answer is the least-squares optimum itself, not a point where a
looser stopping rule happened to stop; the TypeScript fit is compared with it to 1e-4.

Output is deterministic: rerunning changes no byte on the same numpy/scipy versions.
"""
import json
import platform
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import curve_fit

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'forecasting'

JIANGSU = {
    'years': list(range(2010, 2025)),
    'values': [60.58, 61.9, 63.0, 64.11, 65.21, 66.52, 67.72, 68.76, 69.61, 70.61, 73.44, 73.94, 74.4, 75.04, 75.5],
}

# SYNTHETIC: K = 80, r = 0.15, tm = 2005 plus fixed, invented noise (no random generator involved).
_SYN_YEARS = list(range(1995, 2021))
_SYN_NOISE = [0.31, -0.22, 0.05, -0.41, 0.18, 0.27, -0.12, -0.30, 0.44, 0.02, -0.15, 0.21, -0.36, 0.09, 0.33,
              -0.05, -0.27, 0.14, 0.25, -0.19, 0.07, -0.33, 0.12, 0.29, -0.08, -0.21]
SYNTHETIC_S = {
    'years': _SYN_YEARS,
    'values': [round(80 / (1 + np.exp(-0.15 * (t - 2005))) + e, 2) for t, e in zip(_SYN_YEARS, _SYN_NOISE)],
}

# SYNTHETIC: an almost straight rise (about +2 a year) that a logistic can only follow with K at its upper bound.
SYNTHETIC_STRAIGHT = {
    'years': list(range(2011, 2021)),
    'values': [30.0, 32.1, 33.9, 36.0, 38.2, 39.9, 42.0, 44.1, 45.9, 48.0],
}


def logistic(t, K, r, tm):
    return K / (1 + np.exp(-r * (t - tm)))


def start(t, y, K0):
    z = np.log(y / (K0 - y))
    b, a = np.polyfit(t, z, 1)
    return float(b), float(-a / b)


def fit_case(name, data, saturation=None, k_range=None):
    t = np.array(data['years'], dtype=float)
    y = np.array(data['values'], dtype=float)
    tight = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)
    if saturation is not None:
        K0 = saturation
        r0, tm0 = start(t, y, K0)
        p, _ = curve_fit(lambda tt, r, tm: logistic(tt, saturation, r, tm), t, y, p0=[r0, tm0], method='lm',
                         maxfev=100000, **tight)
        K, r, tm = saturation, p[0], p[1]
        settings = {'method': 'lm', 'p0': ['r', 'tm']}
    else:
        lo, hi = k_range
        K0 = (lo + hi) / 2
        r0, tm0 = start(t, y, K0)
        p, _ = curve_fit(logistic, t, y, p0=[K0, r0, tm0], method='trf',
                         bounds=([lo, -np.inf, -np.inf], [hi, np.inf, np.inf]), max_nfev=100000, **tight)
        K, r, tm = p
        settings = {'method': 'trf', 'p0': ['K', 'r', 'tm'], 'bounds': {'K': [lo, hi]}}
    fitted = logistic(t, K, r, tm)
    return {
        'name': name,
        'years': data['years'],
        'values': data['values'],
        'saturation': saturation,
        'kRange': list(k_range) if k_range else None,
        'start': {'K': float(K0), 'r': r0, 'tm': tm0},
        'scipy': settings,
        'params': {'K': float(K), 'r': float(r), 'tm': float(tm)},
        'fitted': [float(v) for v in fitted],
        'sse': float(((fitted - y) ** 2).sum()),
        'projection': {str(yr): float(logistic(yr, K, r, tm)) for yr in (2025, 2035)},
    }


def trend_case(name, data):
    t = np.array(data['years'], dtype=float)
    y = np.array(data['values'], dtype=float)
    slope, intercept = np.polyfit(t, y, 1)
    log_slope, log_intercept = np.polyfit(t, np.log(y), 1)
    return {
        'name': name,
        'years': data['years'],
        'values': data['values'],
        'linear': {
            'slope': float(slope),
            'intercept': float(intercept),
            'projection': {str(yr): float(intercept + slope * yr) for yr in (2025, 2035)},
        },
        'compound': {
            'logSlope': float(log_slope),
            'logIntercept': float(log_intercept),
            'rate': float(np.expm1(log_slope)),
            'projection': {str(yr): float(np.exp(log_intercept + log_slope * yr)) for yr in (2025, 2035)},
        },
    }


def urgd_case(name, data, span_from):
    years = data['years']
    p = np.array(data['values'], dtype=float) / 100
    i0, i1 = years.index(span_from), len(years) - 1
    logit = np.log(p / (1 - p))
    n = years[i1] - years[i0]
    urgd = (logit[i1] - logit[i0]) / n
    project = {}
    for yr in (2025, 2035):
        z = logit[i1] + urgd * (yr - years[i1])
        project[str(yr)] = float(100 / (1 + np.exp(-z)))
    return {'name': name, 'years': years, 'values': data['values'], 'spanFrom': span_from, 'spanTo': years[i1],
            'urgd': float(urgd), 'projection': project}


def versions():
    return {'python': platform.python_version(), 'numpy': np.__version__, 'scipy': scipy.__version__}


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(payload, indent=2) + '\n', encoding='utf-8')


def main():
    write('logistic-scipy.json', {
        'generatedBy': 'python3 scripts/forecast-fixtures.py',
        'versions': versions(),
        'model': 'K / (1 + exp(-r (t - tm))), t in calendar years',
        'cases': [
            fit_case('jiangsu_fitted_k', JIANGSU, k_range=(max(JIANGSU['values']), 100.0)),
            fit_case('jiangsu_fixed_k85', JIANGSU, saturation=85.0),
            fit_case('synthetic_s_fitted_k', SYNTHETIC_S, k_range=(max(SYNTHETIC_S['values']), 100.0)),
            fit_case('synthetic_straight_k_at_bound', SYNTHETIC_STRAIGHT, k_range=(max(SYNTHETIC_STRAIGHT['values']), 60.0)),
        ],
    })
    write('trend-numpy.json', {
        'generatedBy': 'python3 scripts/forecast-fixtures.py',
        'versions': versions(),
        'linear': 'numpy.polyfit(t, y, 1)',
        'compound': 'numpy.polyfit(t, ln y, 1); rate = expm1(slope)',
        'cases': [trend_case('jiangsu', JIANGSU), trend_case('synthetic_s', SYNTHETIC_S)],
        'urgd': [urgd_case('jiangsu_2014_2024', JIANGSU, 2014)],
    })


if __name__ == '__main__':
    main()
