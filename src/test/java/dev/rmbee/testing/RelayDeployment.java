package dev.rmbee.testing;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the integration tests that run against relay 1, the managed Open Liberty server
 * Arquillian starts (arquillian.xml) with the packaged WAR deployed (Arquillian deploys it anew for
 * each test class), run as a client, and the addresses of that relay.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class RelayDeployment {

    /** The WAR {@code mvn package} builds: what the tests deploy is what ships. */
    public static final File WAR = new File("target/rmb-ee.war");

    /** Where Arquillian deployed it (relay 1's HTTP root). */
    @ArquillianResource
    protected URL base;

    /** The deployment of every server test class: the packaged WAR, as it is. */
    @Deployment(testable = false)
    public static WebArchive war() {
        if (!WAR.isFile()) {
            throw new IllegalStateException(WAR + " is missing: the integration tests run after `mvn package`");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, WAR);
    }

    /** Relay 1's WebSocket endpoint, {@code ws://host:port/}. */
    protected URI relay() {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/");
    }

    /** A URL of relay 1's HTTP side. */
    protected URI http(String pathAndQuery) {
        return URI.create("http://" + base.getHost() + ":" + base.getPort() + pathAndQuery);
    }

    /** Relay 1's domain, as the twins' relay lists name it. */
    protected String domain() {
        return "127.0.0.1:" + base.getPort();
    }
}
