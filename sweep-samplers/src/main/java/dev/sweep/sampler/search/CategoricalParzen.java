package dev.sweep.sampler.search;

import java.util.random.RandomGenerator;

/**
 * A categorical mixture: each observation's kernel puts 1 + a on its own category and a on each (a
 * = prior weight / kernels), the prior kernel follows the choices' own weights.
 */
final class CategoricalParzen {
  private final double[] p;
  private final double[] logP;

  CategoricalParzen(
      int[] categories, double[] weights, int n, int choices, double[] prior, double priorWeight) {
    double total = priorWeight;
    for (int j = 0; j < n; j++) {
      total += weights[j];
    }
    double a = priorWeight / (n + 1);
    double[] mass = new double[choices];
    for (int j = 0; j < n; j++) {
      mass[categories[j]] += weights[j] / total;
    }
    double observed = 1 - priorWeight / total;
    p = new double[choices];
    logP = new double[choices];
    double sum = 0;
    for (int c = 0; c < choices; c++) {
      boolean possible = prior == null || prior[c] > 0; // a choice of weight 0 is never proposed
      p[c] =
          possible
              ? (mass[c] + a * observed) / (1 + choices * a)
                  + priorWeight / total * (prior == null ? 1.0 / choices : prior[c])
              : 0;
      sum += p[c];
    }
    for (int c = 0; c < choices; c++) {
      p[c] /= sum;
      logP[c] = Math.log(p[c]);
    }
  }

  int sample(RandomGenerator rng) {
    double u = rng.nextDouble();
    int last = 0;
    for (int c = 0; c < p.length; c++) {
      if (p[c] > 0) {
        last = c;
        u -= p[c];
        if (u < 0) {
          return c;
        }
      }
    }
    return last;
  }

  double logPdf(int category) {
    return logP[category];
  }
}
