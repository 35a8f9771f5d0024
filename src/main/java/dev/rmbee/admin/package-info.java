/**
 * The administration API: {@code /admin/twins} lists, reads, creates, replaces and deletes the
 * twins of the local registry, in the JSON shape of registry files. It is protected by HTTP Basic
 * credentials from MicroProfile Config ({@code rmb.admin.user}, {@code rmb.admin.password}) and
 * absent (404) while no password is configured. A remote address that keeps sending wrong
 * credentials is locked out for a while ({@code LoginLockout}, {@code rmb.admin.lockout.*}). With
 * {@code rmb.admin.port} the API is served on that port only, and is an unknown path on the others.
 */
package dev.rmbee.admin;
