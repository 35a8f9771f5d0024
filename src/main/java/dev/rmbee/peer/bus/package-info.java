/**
 * The peer's local API on Redis (peer.md §4): the system lists the gateway pops
 * ({@code msgbus.system.local}, {@code msgbus.system.reply}), the lists it pushes to
 * ({@code msgbus.<cmd>}, the clients' {@code ret}), and the backlogs of sent requests
 * ({@code msgbus.backlog.<uid>}), with the reference's names, ends and value bytes, so that
 * existing clients and services (rmb-sdk-go, the Python tools, ZOS) work unchanged.
 */
package dev.rmbee.peer.bus;
