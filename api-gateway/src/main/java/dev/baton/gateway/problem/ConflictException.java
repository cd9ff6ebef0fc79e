package dev.baton.gateway.problem;

import java.util.List;

/** 409: the request conflicts with the current state (a finished job, an existing dataset). */
public class ConflictException extends ApiException {
    /** @param detail what conflicts */
    public ConflictException(String detail) {
        super(409, "Conflict", detail, List.of());
    }
}
