package dev.sweep;

/**
 * The training code a sweep runs once per trial: given a {@link Trial}, train and return a {@link
 * Result}. Implementations must be safe to call from several threads at once when the sweep runs
 * trials in parallel.
 *
 * <pre>{@code
 * Runner runner = trial -> {
 *   Config c = trial.config();
 *   Model model = new Model(c.getInt("model.width"));
 *   for (int epoch = 0; epoch < 10 && !trial.shouldStop(); epoch++) {
 *     double loss = model.trainEpoch(c.getDouble("optim.lr"));
 *     trial.report(epoch, "loss", loss);
 *   }
 *   return Result.of("error", model.validationError());
 * };
 * }</pre>
 *
 * <p>A runner that throws fails its trial (the cause is recorded) and the sweep goes on.
 */
@FunctionalInterface
public interface Runner {
  Result run(Trial trial) throws Exception;
}
