/**
 * Many-core devices: an operator's output tiles dealt out to identical cores in waves, each
 * core's tile mapped by the loop-nest mapper on that core's share of the shared memories, and
 * the traffic the cores of one wave bring in from the outermost memory together.
 */
package dev.weft.multicore;
