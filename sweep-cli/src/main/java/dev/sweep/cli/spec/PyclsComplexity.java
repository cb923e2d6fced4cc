package dev.sweep.cli.spec;

import dev.sweep.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * pycls's analytic model complexity ({@code net.complexity}): the FLOPs, parameters and activations
 * of a RegNet, AnyNet or ResNet config, computed from its widths as pycls's {@code complexity(cx)}
 * functions do, without building the model; pycls's config defaults fill the keys a config lacks.
 *
 * <pre>{@code
 * Map<String, Object> cx = PyclsComplexity.of(config); // {flops=…, params=…, acts=…}
 * }</pre>
 */
final class PyclsComplexity {
  /** The model types ported. */
  static final List<String> TYPES = List.of("regnet", "anynet", "resnet");

  /** ImageNet ResNets' blocks per stage by MODEL.DEPTH ({@code _IN_STAGE_DS}). */
  private static final Map<Long, List<Long>> IN_STAGE_DS =
      Map.of(
          50L, List.of(3L, 4L, 6L, 3L),
          101L, List.of(3L, 4L, 23L, 3L),
          152L, List.of(3L, 8L, 36L, 3L));

  /** The running totals at a spatial size: pycls's {@code cx} dict. */
  private long h;

  private long w;
  private long flops;
  private long params;
  private long acts;

  private PyclsComplexity(long size) {
    h = size;
    w = size;
  }

  /**
   * {@code {flops, params, acts}} of the config's model.
   *
   * @throws IllegalArgumentException if MODEL.TYPE is not ported or a stem or block type unknown
   */
  static Map<String, Object> of(Config c) {
    String type = c.getString("MODEL.TYPE", "");
    PyclsComplexity cx = new PyclsComplexity(number(c, "TRAIN.IM_SIZE", 224));
    switch (type) {
      case "regnet" -> cx.anynet(regnet(c));
      case "anynet" -> cx.anynet(anynetOf(c));
      case "resnet" -> cx.resnet(c);
      default ->
          throw new IllegalArgumentException(
              "MODEL.TYPE '" + type + "' has no built-in complexity (only " + TYPES + ")");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("flops", cx.flops);
    out.put("params", cx.params);
    out.put("acts", cx.acts);
    return out;
  }

  /** An AnyNet's parameters ({@code AnyNet.get_params}). */
  record AnyNet(
      String stem,
      long stemW,
      String block,
      List<Long> depths,
      List<Long> widths,
      List<Long> strides,
      List<Double> botMuls,
      List<Long> groupWs,
      long headW,
      double seR,
      long classes) {}

  private static AnyNet anynetOf(Config c) {
    List<Long> depths = longs(c, "ANYNET.DEPTHS");
    List<Double> bots = new ArrayList<>();
    for (Object o : c.has("ANYNET.BOT_MULS") ? c.getList("ANYNET.BOT_MULS") : List.of()) {
      bots.add(((Number) o).doubleValue());
    }
    List<Long> groups = longs(c, "ANYNET.GROUP_WS");
    while (bots.size() < depths.size()) {
      bots.add(0.0); // pycls's None: the block ignores it
    }
    while (groups.size() < depths.size()) {
      groups.add(1L);
    }
    return new AnyNet(
        c.getString("ANYNET.STEM_TYPE", "simple_stem_in"),
        number(c, "ANYNET.STEM_W", 32),
        c.getString("ANYNET.BLOCK_TYPE", "res_bottleneck_block"),
        depths,
        longs(c, "ANYNET.WIDTHS"),
        longs(c, "ANYNET.STRIDES"),
        bots,
        groups,
        number(c, "ANYNET.HEAD_W", 0),
        c.getBoolean("ANYNET.SE_ON", false) ? c.getDouble("ANYNET.SE_R", 0.25) : 0,
        number(c, "MODEL.NUM_CLASSES", 10));
  }

  private static List<Long> longs(Config c, String path) {
    List<Long> out = new ArrayList<>();
    for (Object o : c.has(path) ? c.getList(path) : List.of()) {
      out.add(((Number) o).longValue());
    }
    return out;
  }

  /**
   * A RegNet as the AnyNet it generates ({@code generate_regnet_full}): per-block widths quantized
   * to 8, a stage per distinct width, then widths and group widths made compatible with the
   * bottleneck.
   */
  static AnyNet regnet(Config c) {
    double wa = c.getDouble("REGNET.WA", 5.0);
    double w0 = c.getDouble("REGNET.W0", 32);
    double wm = c.getDouble("REGNET.WM", 2.5);
    long depth = number(c, "REGNET.DEPTH", 10);
    TreeMap<Long, Long> stages = new TreeMap<>(); // width -> blocks, in width order as np.unique
    for (long i = 0; i < depth; i++) {
      double k = Math.rint(Math.log((i * wa + w0) / w0) / Math.log(wm));
      long width = (long) Math.rint(w0 * Math.pow(wm, k) / 8) * 8;
      stages.merge(width, 1L, Long::sum);
    }
    double b = c.getDouble("REGNET.BOT_MUL", 1.0);
    long g0 = number(c, "REGNET.GROUP_W", 16);
    List<Long> ws = new ArrayList<>();
    List<Long> gs = new ArrayList<>();
    for (long width : stages.keySet()) { // adjust_block_compatibility
      long v = (long) Math.max(1, width * b);
      long g = Math.min(g0, v);
      long m = b > 1 ? lcm(g, (long) b) : g;
      v = Math.max(m, (long) Math.rint((double) v / m) * m);
      ws.add((long) (v / b));
      gs.add(g);
    }
    int n = ws.size();
    long stride = number(c, "REGNET.STRIDE", 2);
    return new AnyNet(
        c.getString("REGNET.STEM_TYPE", "simple_stem_in"),
        number(c, "REGNET.STEM_W", 32),
        c.getString("REGNET.BLOCK_TYPE", "res_bottleneck_block"),
        List.copyOf(stages.values()),
        ws,
        nCopies(n, stride),
        new ArrayList<>(java.util.Collections.nCopies(n, b)),
        gs,
        number(c, "REGNET.HEAD_W", 0),
        c.getBoolean("REGNET.SE_ON", false) ? c.getDouble("REGNET.SE_R", 0.25) : 0,
        number(c, "MODEL.NUM_CLASSES", 10));
  }

  /** A whole number at {@code path}, or pycls's default. */
  private static long number(Config c, String path, long otherwise) {
    return c.has(path) ? Math.round(c.getDouble(path)) : otherwise;
  }

  private static List<Long> nCopies(int n, long v) {
    return new ArrayList<>(java.util.Collections.nCopies(n, v));
  }

  private static long lcm(long a, long b) {
    long x = a;
    long y = b;
    while (y != 0) {
      long t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }

  /** AnyNet.complexity: stem, stages, head. */
  private void anynet(AnyNet p) {
    switch (p.stem()) {
      case "res_stem_cifar" -> {
        conv(3, p.stemW(), 3, 1, 1, false);
        norm(p.stemW());
      }
      case "res_stem_in" -> {
        conv(3, p.stemW(), 7, 2, 1, false);
        norm(p.stemW());
        pool(p.stemW(), 2);
      }
      case "simple_stem_in" -> {
        conv(3, p.stemW(), 3, 2, 1, false);
        norm(p.stemW());
      }
      default -> throw new IllegalArgumentException("stem type '" + p.stem() + "' is unknown");
    }
    long prev = p.stemW();
    for (int i = 0; i < p.depths().size(); i++) {
      long wOut = p.widths().get(i);
      long stride = p.strides().get(i);
      for (long d = 0; d < p.depths().get(i); d++) {
        block(p.block(), prev, wOut, stride, p.botMuls().get(i), p.groupWs().get(i), p.seR());
        stride = 1;
        prev = wOut;
      }
    }
    if (p.headW() > 0) {
      conv(prev, p.headW(), 1, 1, 1, false);
      norm(p.headW());
      prev = p.headW();
    }
    h = 1; // global average pool
    w = 1;
    flops += prev * p.classes() + p.classes(); // linear with bias
    params += prev * p.classes() + p.classes();
    acts += p.classes();
  }

  /**
   * ResNet.complexity: for a CIFAR dataset the 6n+2 network of 16, 32, 64 channels, else the
   * ImageNet one of MODEL.DEPTH 50, 101 or 152 with RESNET.NUM_GROUPS × WIDTH_PER_GROUP
   * bottlenecks.
   */
  private void resnet(Config c) {
    String trans = c.getString("RESNET.TRANS_FUN", "basic_transform");
    if (!List.of("basic_transform", "bottleneck_transform").contains(trans)) {
      throw new IllegalArgumentException("RESNET.TRANS_FUN '" + trans + "' is unknown");
    }
    long classes = number(c, "MODEL.NUM_CLASSES", 10);
    long depth = number(c, "MODEL.DEPTH", 0);
    boolean stride1x1 = c.getBoolean("RESNET.STRIDE_1X1", true);
    long last;
    if (c.getString("TRAIN.DATASET", "").contains("cifar")) {
      if (!trans.equals("basic_transform")) {
        throw new IllegalArgumentException(
            "a CIFAR ResNet has basic_transform blocks, not RESNET.TRANS_FUN '" + trans + "'");
      }
      long d = (depth - 2) / 6; // Python's int() truncates too
      conv(3, 16, 3, 1, 1, false);
      norm(16);
      resStage(16, 16, 1, d, false, 0, 1, stride1x1);
      resStage(16, 32, 2, d, false, 0, 1, stride1x1);
      resStage(32, 64, 2, d, false, 0, 1, stride1x1);
      last = 64;
    } else {
      List<Long> ds = IN_STAGE_DS.get(depth);
      if (ds == null) {
        throw new IllegalArgumentException(
            "an ImageNet ResNet has MODEL.DEPTH 50, 101 or 152, not " + depth);
      }
      if (!trans.equals("bottleneck_transform")) {
        throw new IllegalArgumentException(
            "an ImageNet ResNet has bottleneck_transform blocks, not RESNET.TRANS_FUN '"
                + trans
                + "'");
      }
      long g = number(c, "RESNET.NUM_GROUPS", 1);
      long wB = number(c, "RESNET.WIDTH_PER_GROUP", 64) * g;
      conv(3, 64, 7, 2, 1, false);
      norm(64);
      pool(64, 2);
      resStage(64, 256, 1, ds.get(0), true, wB, g, stride1x1);
      resStage(256, 512, 2, ds.get(1), true, wB * 2, g, stride1x1);
      resStage(512, 1024, 2, ds.get(2), true, wB * 4, g, stride1x1);
      resStage(1024, 2048, 2, ds.get(3), true, wB * 8, g, stride1x1);
      last = 2048;
    }
    h = 1; // global average pool
    w = 1;
    flops += last * classes + classes; // linear with bias
    params += last * classes + classes;
    acts += classes;
  }

  /** ResStage.complexity: d ResBlocks, the first with the stride and the projection. */
  private void resStage(
      long wIn,
      long wOut,
      long stride,
      long d,
      boolean bottleneck,
      long wB,
      long groups,
      boolean stride1x1) {
    for (long i = 0; i < d; i++) {
      long s = i == 0 ? stride : 1;
      long in = i == 0 ? wIn : wOut;
      projection(in != wOut || s != 1, in, wOut, s);
      if (bottleneck) { // MSRA's stride on the 1x1, else on the 3x3
        conv(in, wB, 1, stride1x1 ? s : 1, 1, false);
        norm(wB);
        conv(wB, wB, 3, stride1x1 ? 1 : s, groups, false);
        norm(wB);
        conv(wB, wOut, 1, 1, 1, false);
        norm(wOut);
      } else {
        basic(in, wOut, s);
      }
    }
  }

  private void block(
      String type, long wIn, long wOut, long stride, double bot, long gw, double se) {
    boolean project = wIn != wOut || stride != 1;
    switch (type) {
      case "vanilla_block" -> basic(wIn, wOut, stride);
      case "res_basic_block" -> {
        projection(project, wIn, wOut, stride);
        basic(wIn, wOut, stride);
      }
      case "res_bottleneck_block" -> {
        projection(project, wIn, wOut, stride);
        bottleneck(wIn, wOut, stride, bot, gw, se);
      }
      case "res_bottleneck_linear_block" -> bottleneck(wIn, wOut, stride, bot, gw, se);
      default -> throw new IllegalArgumentException("block type '" + type + "' is unknown");
    }
  }

  /** The residual's 1x1 projection, which leaves the size where it was for the transform. */
  private void projection(boolean project, long wIn, long wOut, long stride) {
    if (project) {
      long h0 = h;
      long w0 = w;
      conv(wIn, wOut, 1, stride, 1, false);
      norm(wOut);
      h = h0;
      w = w0;
    }
  }

  private void basic(long wIn, long wOut, long stride) {
    conv(wIn, wOut, 3, stride, 1, false);
    norm(wOut);
    conv(wOut, wOut, 3, 1, 1, false);
    norm(wOut);
  }

  private void bottleneck(long wIn, long wOut, long stride, double bot, long gw, double seR) {
    long wB = (long) Math.rint(wOut * bot); // Python rounds half to even
    long wSe = (long) Math.rint(wIn * seR);
    long groups = wB / gw;
    conv(wIn, wB, 1, 1, 1, false);
    norm(wB);
    conv(wB, wB, 3, stride, groups, false);
    norm(wB);
    if (wSe > 0) { // squeeze-excitation at 1x1, then back to the block's size
      long h0 = h;
      long w0 = w;
      h = 1;
      w = 1;
      conv(wB, wSe, 1, 1, 1, true);
      conv(wSe, wB, 1, 1, 1, true);
      h = h0;
      w = w0;
    }
    conv(wB, wOut, 1, 1, 1, false);
    norm(wOut);
  }

  private void conv(long wIn, long wOut, long k, long stride, long groups, boolean bias) {
    h = (h - 1) / stride + 1;
    w = (w - 1) / stride + 1;
    flops += k * k * wIn * wOut * h * w / groups + (bias ? wOut * h * w : 0);
    params += k * k * wIn * wOut / groups + (bias ? wOut : 0);
    acts += wOut * h * w;
  }

  private void norm(long width) {
    params += 2 * width;
  }

  private void pool(long width, long stride) {
    h = (h - 1) / stride + 1;
    w = (w - 1) / stride + 1;
    acts += width * h * w;
  }
}
