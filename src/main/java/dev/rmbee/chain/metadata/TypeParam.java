package dev.rmbee.chain.metadata;

/** A generic parameter of a type: its name and the type it was instantiated with ({@code null} when none). */
public record TypeParam(String name, Integer type) {}
