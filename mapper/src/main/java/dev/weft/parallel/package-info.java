/**
 * A model split over several identical devices, Megatron-style: tensor parallelism (heads and
 * the hidden dimension of the MLP split, column- then row-parallel linear layers, an all-reduce
 * after each row-parallel one) and pipeline parallelism (consecutive layers as stages), with
 * the collectives priced on the architecture's interconnect.
 */
package dev.weft.parallel;
