package dev.baton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code baton}: the command line users keep after the demo. Object-store settings come from the
 * same variables as the services ({@code BATON_S3_ENDPOINT}, {@code BATON_S3_ACCESS_KEY},
 * {@code BATON_S3_SECRET_KEY}).
 */
@Command(name = "baton", mixinStandardHelpOptions = true, version = "baton 0.1.0",
        description = "Train and serve image classifiers by transfer learning.",
        subcommands = {DatasetsCommand.class, JobsCommand.class, PredictCommand.class, ModelsCommand.class,
                BaseModelsCommand.class,
                LocalDatasetsCommand.class})
public final class BatonCommand implements Runnable {
    private static final java.util.logging.Logger QUIET_LOGGER = java.util.logging.Logger.getLogger("org.hibernate.validator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        // Library start-up banners (Hibernate Validator logs through java.util.logging) are noise here.
        QUIET_LOGGER.setLevel(java.util.logging.Level.WARNING);
        int exit = new CommandLine(new BatonCommand())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .execute(args);
        System.exit(exit);
    }
}
