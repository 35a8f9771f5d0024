package dev.rmbee.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application at the context root, beside the twins' WebSocket at {@code /}: requests
 * with upgrade headers go to {@link RelayEndpoint}, all others to the resources found in the WAR
 * (the admin API under {@code /admin}); what matches none answers {@link PageNotFound}.
 */
@ApplicationPath("/")
public class RestApplication extends Application {}
