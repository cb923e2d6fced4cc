package dev.sweep.examples.digits;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A one-hidden-layer perceptron (ReLU hidden layer, softmax output, cross-entropy loss) trained by
 * mini-batch SGD with momentum 0.9 and L2 weight decay. Single-threaded and deterministic: the same
 * data and {@link Hyper} give bit-identical results.
 *
 * <pre>{@code
 * Digits.Split data = Digits.load().split(1L, 0.2);
 * Mlp.Fit fit = Mlp.train(data, new Mlp.Hyper(0.05, 1e-4, 64, 32, 10, 7L),
 *         (epoch, loss, error) -> System.out.printf("%d %.4f %.4f%n", epoch, loss, error),
 *         () -> false);
 * System.out.println(fit.validationError());
 * }</pre>
 */
public final class Mlp {

  private static final double MOMENTUM = 0.9;

  private Mlp() {}

  /**
   * Training hyper-parameters.
   *
   * @param learningRate SGD step size, finite and &gt; 0
   * @param weightDecay L2 penalty coefficient on weights (not biases), finite and &gt;= 0
   * @param hidden hidden units, &gt;= 1
   * @param batchSize rows per mini-batch, &gt;= 1 (the last batch of an epoch may be smaller)
   * @param epochs passes over the training rows, &gt;= 1
   * @param seed seeds weight initialisation and per-epoch shuffling
   */
  public record Hyper(
      double learningRate, double weightDecay, int hidden, int batchSize, int epochs, long seed) {
    public Hyper {
      if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
        throw invalid("learningRate", learningRate, "a finite number > 0");
      }
      if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
        throw invalid("weightDecay", weightDecay, "a finite number >= 0");
      }
      if (hidden < 1) {
        throw invalid("hidden", hidden, "an integer >= 1");
      }
      if (batchSize < 1) {
        throw invalid("batchSize", batchSize, "an integer >= 1");
      }
      if (epochs < 1) {
        throw invalid("epochs", epochs, "an integer >= 1");
      }
    }

    private static IllegalArgumentException invalid(String field, Object value, String allowed) {
      return new IllegalArgumentException(field + " must be " + allowed + ", got " + value);
    }
  }

  /**
   * Outcome of a training run, as of its last epoch.
   *
   * @param validationError fraction of validation rows misclassified, 0..1; 1.0 if training
   *     diverged
   * @param trainLoss mean cross-entropy over the last epoch's mini-batches (without the L2 term);
   *     {@link Double#POSITIVE_INFINITY} if training diverged
   * @param epochsRun epochs run, including a diverged or stopped one
   */
  public record Fit(double validationError, double trainLoss, int epochsRun) {
    /** Whether the loss became NaN or infinite, which ended training. */
    public boolean diverged() {
      return trainLoss == Double.POSITIVE_INFINITY;
    }
  }

  /**
   * Receives progress after each epoch (1-based); a diverged epoch reports infinite loss and error
   * 1.0.
   */
  @FunctionalInterface
  public interface EpochListener {
    void epoch(int epoch, double trainLoss, double validationError);
  }

  /** Trains for {@code h.epochs()} epochs with no progress reporting. */
  public static Fit train(Digits.Split data, Hyper h) {
    return train(data, h, (epoch, loss, error) -> {}, () -> false);
  }

  /**
   * Trains on {@code data.train()} and measures error on {@code data.validation()} after every
   * epoch. {@code shouldStop} is polled after each epoch's listener call; if it returns true,
   * training ends there. Divergence (NaN or infinite loss) ends training without throwing.
   */
  public static Fit train(
      Digits.Split data, Hyper h, EpochListener listener, BooleanSupplier shouldStop) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(h, "h");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(shouldStop, "shouldStop");
    double[][] xs = data.train().x();
    int[] ys = data.train().y();
    int n = ys.length;
    if (n == 0 || data.validation().size() == 0) {
      throw new IllegalArgumentException("training and validation subsets must both be non-empty");
    }
    int in = xs[0].length;
    int classes = Math.max(maxLabel(data.train(), in), maxLabel(data.validation(), in)) + 1;
    SplittableRandom random = new SplittableRandom(h.seed());
    Net net = new Net(random, in, h.hidden(), classes);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }

    double trainLoss = Double.NaN;
    double validationError = 1.0;
    for (int epoch = 1; epoch <= h.epochs(); epoch++) {
      shuffle(order, random);
      double lossSum = epoch(net, data.train(), order, h);
      // An overflowing last update would otherwise show up only as a finite loss with
      // garbage predictions.
      if (!Double.isFinite(lossSum) || !net.weightsFinite()) {
        return diverged(epoch, listener);
      }
      trainLoss = lossSum / n;
      validationError = net.error(data.validation());
      listener.epoch(epoch, trainLoss, validationError);
      if (shouldStop.getAsBoolean()) {
        return new Fit(validationError, trainLoss, epoch);
      }
    }
    return new Fit(validationError, trainLoss, h.epochs());
  }

  /**
   * One pass over the training rows in {@code order}, a mini-batch at a time: returns the summed
   * loss, or a non-finite sum as soon as it becomes one (that batch's update is not made).
   */
  private static double epoch(Net net, Digits.Subset train, int[] order, Hyper h) {
    double lossSum = 0;
    for (int start = 0; start < order.length; start += h.batchSize()) {
      int end = Math.min(order.length, start + h.batchSize());
      double batchLoss = 0;
      for (int i = start; i < end; i++) {
        double[] x = train.x()[order[i]];
        net.forward(x);
        batchLoss += net.backward(x, train.y()[order[i]]);
      }
      lossSum += batchLoss;
      if (!Double.isFinite(lossSum)) {
        return lossSum;
      }
      net.update(1.0 / (end - start), h.learningRate(), h.weightDecay());
    }
    return lossSum;
  }

  private static Fit diverged(int epoch, EpochListener listener) {
    listener.epoch(epoch, Double.POSITIVE_INFINITY, 1.0);
    return new Fit(1.0, Double.POSITIVE_INFINITY, epoch);
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  /**
   * The network's weights, their momenta and accumulated gradients, and one row's activations.
   * Weights are input-major ({@code w1[j*hid + k]}) and hidden-major ({@code w2[k*classes + c]}) so
   * that the many zero pixels and inactive ReLUs can skip whole contiguous rows.
   */
  private static final class Net {
    private final int hid;
    private final int classes;
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;
    private final double[] vw1;
    private final double[] vb1;
    private final double[] vw2;
    private final double[] vb2;
    private final double[] gw1;
    private final double[] gb1;
    private final double[] gw2;
    private final double[] gb2;
    private final double[] a; // hidden activations, after the ReLU
    private final double[] z; // output logits; dLoss/dz after backward
    private final double[] dh; // dLoss/d(hidden activation)

    Net(SplittableRandom random, int in, int hid, int classes) {
      this.hid = hid;
      this.classes = classes;
      w1 = he(random, in * hid, in);
      b1 = new double[hid];
      w2 = he(random, hid * classes, hid);
      b2 = new double[classes];
      vw1 = new double[w1.length];
      vb1 = new double[hid];
      vw2 = new double[w2.length];
      vb2 = new double[classes];
      gw1 = new double[w1.length];
      gb1 = new double[hid];
      gw2 = new double[w2.length];
      gb2 = new double[classes];
      a = new double[hid];
      z = new double[classes];
      dh = new double[hid];
    }

    /** Sets the hidden activations and the logits of row {@code x}. */
    void forward(double[] x) {
      System.arraycopy(b1, 0, a, 0, hid);
      for (int j = 0; j < x.length; j++) {
        double xj = x[j];
        if (xj != 0) {
          int base = j * hid;
          for (int k = 0; k < hid; k++) {
            a[k] += xj * w1[base + k];
          }
        }
      }
      System.arraycopy(b2, 0, z, 0, classes);
      for (int k = 0; k < hid; k++) {
        double ak = a[k];
        if (ak > 0) {
          int base = k * classes;
          for (int c = 0; c < classes; c++) {
            z[c] += ak * w2[base + c];
          }
        } else {
          a[k] = 0;
        }
      }
    }

    /**
     * After {@link #forward(double[]) forward(x)}: adds the row's gradient to the accumulated one;
     * returns its cross-entropy.
     */
    double backward(double[] x, int y) {
      double logSum = logSumExp(z);
      double loss = logSum - z[y];
      // z becomes dLoss/dz = softmax(z) - onehot(y).
      for (int c = 0; c < classes; c++) {
        z[c] = Math.exp(z[c] - logSum);
        gb2[c] += z[c];
      }
      z[y] -= 1;
      gb2[y] -= 1;
      for (int k = 0; k < hid; k++) {
        double ak = a[k];
        double s = 0;
        if (ak > 0) { // ReLU gradient is zero otherwise
          int base = k * classes;
          for (int c = 0; c < classes; c++) {
            gw2[base + c] += ak * z[c];
            s += w2[base + c] * z[c];
          }
        }
        dh[k] = s;
        gb1[k] += s;
      }
      for (int j = 0; j < x.length; j++) {
        double xj = x[j];
        if (xj != 0) {
          int base = j * hid;
          for (int k = 0; k < hid; k++) {
            gw1[base + k] += xj * dh[k];
          }
        }
      }
      return loss;
    }

    /**
     * A momentum step on the accumulated gradient, {@code scale}d to the batch mean (no decay on
     * biases); clears it.
     */
    void update(double scale, double lr, double wd) {
      step(w1, vw1, gw1, scale, lr, wd);
      step(w2, vw2, gw2, scale, lr, wd);
      step(b1, vb1, gb1, scale, lr, 0);
      step(b2, vb2, gb2, scale, lr, 0);
    }

    boolean weightsFinite() {
      return Double.isFinite(sum(w1) + sum(b1) + sum(w2) + sum(b2));
    }

    /** The fraction of rows of {@code s} whose highest logit is not their label. */
    double error(Digits.Subset s) {
      int wrong = 0;
      for (int i = 0; i < s.size(); i++) {
        forward(s.x()[i]);
        int best = 0;
        for (int c = 1; c < z.length; c++) {
          if (z[c] > z[best]) {
            best = c;
          }
        }
        if (best != s.y()[i]) {
          wrong++;
        }
      }
      return (double) wrong / s.size();
    }
  }

  private static double logSumExp(double[] z) {
    double max = z[0];
    for (int c = 1; c < z.length; c++) {
      max = Math.max(max, z[c]);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  // Momentum SGD on the batch-mean gradient, then clears the gradient for the next batch.
  private static void step(double[] w, double[] v, double[] g, double scale, double lr, double wd) {
    for (int i = 0; i < w.length; i++) {
      double vi = MOMENTUM * v[i] - lr * (g[i] * scale + wd * w[i]);
      v[i] = vi;
      w[i] += vi;
      g[i] = 0;
    }
  }

  // He initialisation suits ReLU: variance 2 / fan-in keeps activations from shrinking or growing.
  private static double[] he(SplittableRandom random, int size, int fanIn) {
    double sd = Math.sqrt(2.0 / fanIn);
    double[] w = new double[size];
    for (int i = 0; i < size; i++) {
      w[i] = random.nextGaussian() * sd;
    }
    return w;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int k = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
  }

  private static int maxLabel(Digits.Subset s, int width) {
    int max = 0;
    for (int i = 0; i < s.size(); i++) {
      if (s.x()[i].length != width) {
        throw new IllegalArgumentException(
            "row " + i + " has " + s.x()[i].length + " features, expected " + width);
      }
      if (s.y()[i] < 0) {
        throw new IllegalArgumentException("row " + i + " has negative label " + s.y()[i]);
      }
      max = Math.max(max, s.y()[i]);
    }
    return max;
  }
}
