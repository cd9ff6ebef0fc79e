package dev.baton.gateway.models;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Points an alias at a version (promotion or rollback).
 *
 * @param version the version the alias should point at
 */
public record AliasMove(@NotNull @Min(1) Integer version) {
}
