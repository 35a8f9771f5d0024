package dev.rmbee.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A copy of the packaged WAR that fails to start as a deployment with a bad setting does: its own
 * {@code META-INF/microprofile-config.properties}, at an ordinal above every setting of the server,
 * gives {@code rmb.relay.max-sessions} a value that is no number, and it is served at its own
 * context root ({@code /<name>}: its {@code ibm-web-ext.xml} is left out). Dropped into a server's
 * {@code dropins}, it shows what Liberty reports for an application that did not start; closing
 * removes it, and Liberty removes the application.
 */
public final class FailingDeployment implements AutoCloseable {

    /**
     * A value MicroProfile Config cannot convert: CDI fails the deployment when it validates the
     * injection points, before any of the application's beans is built (so nothing of it keeps running).
     */
    static final String BAD_SETTING = "rmb.relay.max-sessions=many";

    private final Path file;

    private FailingDeployment(Path file) {
        this.file = file;
    }

    /** Deploys the failing copy as {@code <name>.war} into the {@code dropins} of the server in {@code serverDir}. */
    public static FailingDeployment into(Path serverDir, String name) throws IOException {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, RelayDeployment.WAR.getAbsoluteFile());
        war.delete("WEB-INF/ibm-web-ext.xml");
        war.addAsResource(
                new StringAsset("config_ordinal=1000\n" + BAD_SETTING + "\n"),
                "META-INF/microprofile-config.properties");
        // written beside dropins, then moved in whole: the dropins monitor never sees half an archive
        Path written = Files.createTempFile(serverDir, name, ".part");
        war.as(ZipExporter.class).exportTo(written.toFile(), true);
        Path file = serverDir.resolve("dropins").resolve(name + ".war");
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new FailingDeployment(file);
    }

    /** Removes the copy from {@code dropins} (nothing to do when it is gone). */
    public void remove() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        remove();
    }
}
