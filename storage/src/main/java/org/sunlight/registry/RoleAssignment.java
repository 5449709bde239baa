package org.sunlight.registry;

/** A role a person holds over one town, community or complex. */
public record RoleAssignment(long personId, Role role, ScopeType scope, long scopeId) {
}
