package dev.sweep.slurm;

import dev.sweep.Result;
import dev.sweep.Runner;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The entry point that runs a Java {@link Runner} inside a SLURM job: {@code java -cp …
 * dev.sweep.slurm.Worker com.example.MyRunner}. The trial comes from the variables the job script
 * sets ({@code SWEEP_TRIAL_ID}, {@code SWEEP_TRIAL_NAME}, {@code SWEEP_TRIAL_DIR}, {@code
 * SWEEP_CONFIG}, {@code SWEEP_METRICS}); what the runner reports, and its result as a final line,
 * go to the metrics file, as a program's would. So the driver reads a Java runner's result exactly
 * as a command's.
 *
 * <p>SIGUSR1 (the warning before the time limit) makes {@link
 * dev.sweep.Trial#checkpointRequested()} true; SIGTERM makes {@link dev.sweep.Trial#shouldStop()}
 * true and gives the runner 10 seconds to return. The exit code is 0 when the runner returned a
 * result; when it throws, the JVM prints the exception to the step's stderr and exits with 1.
 */
public final class Worker {
  private static final long STOP_GRACE_S = 10;

  private Worker() {}

  /**
   * Runs the runner named by {@code args[0]} on the trial of this SLURM job.
   *
   * @param args the runner's class name, which has a public no-argument constructor
   * @throws Exception whatever the runner throws, or why it could not be made
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: java -cp ... "
              + Worker.class.getName()
              + " RUNNER_CLASS (got "
              + args.length
              + " arguments)");
    }
    Runner runner = Class.forName(args[0]).asSubclass(Runner.class).getConstructor().newInstance();
    WorkerTrial trial = WorkerTrial.fromEnvironment(System.getenv());
    CountDownLatch returned = new CountDownLatch(1);
    onSignal("USR1", trial::requestCheckpoint);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  trial.requestStop(); // SIGTERM: a cancel, a preemption or the time limit
                  try {
                    returned.await(STOP_GRACE_S, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "sweep-worker-stop"));
    try {
      Result result = runner.run(trial);
      if (result == null) {
        throw new IllegalStateException(
            "the runner " + args[0] + " returned null instead of a Result");
      }
      trial.writeFinal(result);
    } finally {
      returned.countDown();
    }
  }

  /**
   * Runs {@code action} on each signal {@code name} (sun.misc.Signal). Reached by reflection: javac
   * warns of every use of sun.misc in the source, a warning no @SuppressWarnings can silence.
   */
  static void onSignal(String name, Runnable action) throws ReflectiveOperationException {
    Class<?> signal = Class.forName("sun.misc.Signal");
    Class<?> handler = Class.forName("sun.misc.SignalHandler");
    InvocationHandler calls =
        (proxy, method, arguments) ->
            switch (method.getName()) {
              case "handle" -> {
                action.run();
                yield null;
              }
              case "equals" -> proxy == arguments[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "signal handler for SIG" + name; // toString
            };
    Object onIt = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, calls);
    signal
        .getMethod("handle", signal, handler)
        .invoke(null, signal.getConstructor(String.class).newInstance(name), onIt);
  }
}
