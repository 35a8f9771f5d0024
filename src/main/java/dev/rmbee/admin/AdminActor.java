package dev.rmbee.admin;

/**
 * Who made a change through the admin API: the authenticated user and the address the request
 * came from (as the server saw it: a proxy's, behind one).
 */
record AdminActor(String user, String remoteAddress) {}
