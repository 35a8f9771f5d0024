/**
 * The administration API for operating a relay, under {@code /admin}: {@code /admin/twins} (the
 * local registry's twins with their source, edited and reloaded from {@code rmb.registry.file}),
 * {@code /admin/sessions} (this instance's connected sessions, disconnected on request), {@code
 * /admin/queues} (the session queues' depths, purged on request), {@code /admin/federation}
 * (backlog and relay ranks) and {@code /admin/peer} (relay links and work in progress, in peer
 * mode). It is protected by HTTP Basic credentials from MicroProfile Config ({@code
 * rmb.admin.user}, {@code rmb.admin.password}), absent (404) while no password is configured, and
 * every change is logged with who made it ({@code AdminAudit}). A remote address that keeps
 * sending wrong credentials is locked out for a while ({@code LoginLockout},
 * {@code rmb.admin.lockout.*}); with {@code rmb.admin.port} the API is served on that port only. The JAX-RS resources only read
 * input ({@code AdminInput}) and answer; what each endpoint shows or does is in plain classes
 * ({@code SessionsAdmin}, {@code QueuesAdmin}, {@code FederationAdmin}, {@code PeerAdmin}).
 */
package dev.rmbee.admin;
