package org.carelake.app.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a call, so that a long-running command can stop cleanly,
 * print its summary and exit 0; a JVM shutdown hook cannot, since the exit code of a JVM stopped by
 * a signal is the signal's (130, 143).
 *
 * <p>It uses {@code sun.misc.Signal}, which the JDK keeps available in its {@code jdk.unsupported}
 * module for exactly this (JEP 260). It is reached by reflection because javac warns on every
 * direct use of that package and offers no way to silence it. Where a signal cannot be handled (the
 * JVM runs with {@code -Xrs}, or the API is gone), the JVM's default stays: the process ends.
 *
 * <p>Closing puts the previous handlers back.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> NAMES = List.of("INT", "TERM");

  private final List<Object[]> replaced;

  private StopSignals(List<Object[]> replaced) {
    this.replaced = replaced;
  }

  /** Calls {@code onSignal} on SIGINT and SIGTERM from now until {@link #close()}. */
  static StopSignals install(Runnable onSignal) {
    List<Object[]> replaced = new ArrayList<>();
    try {
      Api api = new Api();
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(),
              new Class<?>[] {api.handlerType},
              (proxy, method, arguments) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onSignal.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> "carelake stop signal handler";
                  });
      for (String name : NAMES) {
        Object signal = api.signal.newInstance(name);
        try {
          replaced.add(new Object[] {signal, api.handle.invoke(null, signal, handler)});
        } catch (InvocationTargetException e) {
          LOG.debug("event=signal.unavailable signal={}", name);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("event=signal.unsupported reason={}", e.getClass().getSimpleName());
    }
    return new StopSignals(replaced);
  }

  /** Sends a signal to this process, as {@code kill -TERM} would; for tests. */
  static void raise(String name) throws ReflectiveOperationException {
    Api api = new Api();
    api.raise.invoke(null, api.signal.newInstance(name));
  }

  /** Puts back the handlers this replaced. */
  @Override
  public void close() {
    try {
      Api api = new Api();
      for (Object[] signalAndHandler : replaced) {
        api.handle.invoke(null, signalAndHandler[0], signalAndHandler[1]);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("event=signal.restore-failed reason={}", e.getClass().getSimpleName());
    }
  }

  /** The parts of {@code sun.misc.Signal} used here. */
  private static final class Api {
    final Class<?> handlerType;
    final Constructor<?> signal;
    final Method handle;
    final Method raise;

    Api() throws ReflectiveOperationException {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      handlerType = Class.forName("sun.misc.SignalHandler");
      signal = signalType.getConstructor(String.class);
      handle = signalType.getMethod("handle", signalType, handlerType);
      raise = signalType.getMethod("raise", signalType);
    }
  }
}
