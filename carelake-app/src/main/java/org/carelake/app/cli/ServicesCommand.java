package org.carelake.app.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carelake.app.services.EmbeddedPostgresService;
import org.carelake.app.services.Services;
import org.carelake.config.CarelakeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code carelake services}: starts the embedded services and keeps them up. */
@Command(
    name = "services",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded services and keep them up until Ctrl-C, printing how to connect.",
      "The embedded PostgreSQL (real binaries) and Kafka broker (KRaft) listen on 127.0.0.1."
          + " PostgreSQL holds the source EHR (database ehr) and the published gold"
          + " tables (database carelake_publish), in the data folder, so what 'carelake demo'"
          + " made is there to query with psql. While it runs, 'carelake run' in another"
          + " terminal uses it."
    })
public final class ServicesCommand implements Callable<Integer> {
  @Mixin private ConfigOptions configOptions;

  @Override
  public Integer call() throws InterruptedException {
    CarelakeConfig config = configOptions.load();
    Progress progress = Progress.toStandardOutput();
    Progress.Step step = progress.start("start embedded services");
    Services services = Services.startAll(config);
    step.done("ready");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  services.close();
                  stopped.countDown();
                },
                "carelake-services-shutdown"));
    services.describe().forEach(line -> progress.line("  " + line));
    services
        .embeddedPostgres()
        .ifPresent(
            postgres -> {
              progress.line("");
              progress.line(
                  "source EHR:      " + postgres.jdbcUrl(EmbeddedPostgresService.SOURCE_DATABASE));
              progress.line(
                  "                 "
                      + postgres.psqlCommand(EmbeddedPostgresService.SOURCE_DATABASE));
              progress.line(
                  "published gold:  " + postgres.jdbcUrl(EmbeddedPostgresService.PUBLISH_DATABASE));
              progress.line(
                  "                 "
                      + postgres.psqlCommand(EmbeddedPostgresService.PUBLISH_DATABASE));
            });
    progress.line("");
    progress.line("Kafka:           " + services.kafkaBootstrapServers());
    progress.line(
        "                 kafka-console-consumer.sh --bootstrap-server "
            + services.kafkaBootstrapServers()
            + " --topic <topic> --from-beginning");
    progress.line("lake:            " + config.lakeUri());
    progress.line("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
