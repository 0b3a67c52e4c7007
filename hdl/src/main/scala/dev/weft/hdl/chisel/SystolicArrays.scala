package dev.weft.hdl.chisel

import chisel3._
import chisel3.util._

/** What travels with a weight-stationary input along an array row: whether it is real, and whether it is the fold's last. */
class StreamFlags extends Bundle {
  val valid = Bool()
  val last = Bool()
}

/** Output stationary also marks the fold's first pair, which restarts the accumulators. */
class RowFlags extends StreamFlags {
  val first = Bool()
}

/**
 * Output-stationary int8 array, R x C, int32 accumulators (the cycle contract is
 * dev.weft.arch.SystolicTiming). A fold presents T operand pairs on consecutive cycles, unskewed:
 * `a(i)` is A[m0+i][t], `b(j)` is B[t][n0+j]; row i and column j are delayed i and j cycles here,
 * so PE (i, j) multiplies pair t in cycle t+i+j. The bottom-right PE takes its last product in
 * cycle T+R+C-3; the next R cycles shift the accumulators down one row per cycle and `out` shows
 * the bottom row (fold row R-1 first) with `outValid`. `ready` is low from the first pair to the
 * last output, so folds run back to back: 2R+C+T-2 cycles each.
 */
class OsSystolicArray(val rows: Int, val cols: Int) extends Module {
  require(rows > 0 && cols > 0, s"array must be at least 1x1, was ${rows}x$cols")
  override def desiredName = s"WeftOsArray${rows}x$cols"

  val io = IO(new Bundle {
    val in = Input(new RowFlags)
    val a = Input(Vec(rows, SInt(8.W)))
    val b = Input(Vec(cols, SInt(8.W)))
    val ready = Output(Bool())
    val outValid = Output(Bool())
    val out = Output(Vec(cols, SInt(32.W)))
  })

  private val rowA = Seq.tabulate(rows)(i => ShiftRegister(io.a(i), i))
  private val rowFlags = Seq.tabulate(rows)(i => ShiftRegister(io.in, i, 0.U.asTypeOf(new RowFlags), true.B))
  private val colB = Seq.tabulate(cols)(j => ShiftRegister(io.b(j), j))

  private val acc = Seq.fill(rows, cols)(RegInit(0.S(32.W)))
  private val draining = RegInit(0.U(log2Ceil(rows + 1).W))
  private val busy = RegInit(false.B)

  // aIn(i)(j), flagsIn(i)(j), bIn(i)(j): what PE (i, j) sees this cycle.
  private val aIn = Array.ofDim[SInt](rows, cols)
  private val flagsIn = Array.ofDim[RowFlags](rows, cols)
  private val bIn = Array.ofDim[SInt](rows, cols)
  for (i <- 0 until rows; j <- 0 until cols) {
    aIn(i)(j) = if (j == 0) rowA(i) else RegNext(aIn(i)(j - 1))
    flagsIn(i)(j) = if (j == 0) rowFlags(i) else RegNext(flagsIn(i)(j - 1), 0.U.asTypeOf(new RowFlags))
    bIn(i)(j) = if (i == 0) colB(j) else RegNext(bIn(i - 1)(j))
    val start = Mux(flagsIn(i)(j).first, 0.S(32.W), acc(i)(j))
    when(draining =/= 0.U) {
      acc(i)(j) := (if (i == 0) 0.S else acc(i - 1)(j))
    }.elsewhen(flagsIn(i)(j).valid) {
      acc(i)(j) := start +% Int8Product(aIn(i)(j), bIn(i)(j))
    }
  }

  private val corner = flagsIn(rows - 1)(cols - 1)
  when(corner.valid && corner.last) {
    draining := rows.U
  }.elsewhen(draining =/= 0.U) {
    draining := draining - 1.U
  }
  when(io.in.valid) {
    busy := true.B
  }.elsewhen(draining === 1.U) {
    busy := false.B
  }

  io.ready := !busy
  io.outValid := draining =/= 0.U
  io.out := VecInit(acc(rows - 1).toSeq)
}

/**
 * The weight-stationary dataflow, R x C, int32 partial sums, whatever a PE's weight and input
 * are. A fold first shifts R weight rows in (`wLoad`, one row of C weights per cycle, the bottom
 * array row first), then presents T input vectors on consecutive cycles, unskewed: `a(i)` is
 * the fold row i's input for vector t. Row i is delayed i cycles, so PE (i, j) works on vector t
 * in cycle R+t+i+j and the partial sum for output (t, j) leaves the bottom row in cycle
 * 2R+t+j-1 on `out(j)` with `outValid(j)`. The last one leaves in cycle 2R+C+T-3, so a fold
 * takes 2R+C+T-2 cycles; `ready` is low from the first weight row to then.
 *
 * Double-buffered (`doubleBuffered`): `wLoad` shifts weight rows into shadow registers instead,
 * at any time, and `swap` copies every shadow (with the row shifting in that cycle, if any) into
 * the weights on one clock edge. The first fold asserts `swap` with its last weight row; each
 * later fold's rows shift in while the fold before it streams, and its `swap` falls on that
 * fold's last cycle, when `ready` rises, so its inputs enter on the next cycle: R+C+T-2 cycles
 * a fold after the first. `ready` is high when idle and in a fold's last cycle.
 */
abstract class WeightStationaryArray[W <: Data, A <: Data](val rows: Int, val cols: Int, weightType: W, inputType: A,
    val doubleBuffered: Boolean = false) extends Module {
  require(rows > 0 && cols > 0, s"array must be at least 1x1, was ${rows}x$cols")

  /** What PE (i, j) adds to the partial sum passing down: its weight times its input. */
  protected def product(weight: W, input: A): SInt

  val io = IO(new Bundle {
    val wLoad = Input(Bool())
    val swap = if (doubleBuffered) Some(Input(Bool())) else None
    val w = Input(Vec(cols, weightType))
    val in = Input(new StreamFlags)
    val a = Input(Vec(rows, inputType))
    val ready = Output(Bool())
    val outValid = Output(Vec(cols, Bool()))
    val out = Output(Vec(cols, SInt(32.W)))
  })

  private val weight = Seq.fill(rows, cols)(Reg(weightType))
  private val loaded = if (doubleBuffered) Seq.fill(rows, cols)(Reg(weightType)) else weight
  for (i <- 0 until rows; j <- 0 until cols) {
    val shifted = if (i == 0) io.w(j) else loaded(i - 1)(j)
    when(io.wLoad) {
      loaded(i)(j) := shifted
    }
    io.swap.foreach { swap =>
      when(swap) {
        weight(i)(j) := Mux(io.wLoad, shifted, loaded(i)(j))
      }
    }
  }

  private val rowA = Seq.tabulate(rows)(i => ShiftRegister(io.a(i), i))
  private val rowFlags = Seq.tabulate(rows)(i => ShiftRegister(io.in, i, 0.U.asTypeOf(new StreamFlags), true.B))

  // inputs and their flags move one PE to the right per cycle
  private val aIn = rowA.map(first => Seq.iterate(first, cols)(left => RegNext(left)))
  private val flagsIn = rowFlags.map(first => Seq.iterate(first, cols)(left => RegNext(left, 0.U.asTypeOf(new StreamFlags))))
  private val sum = Array.ofDim[SInt](rows, cols)
  for (i <- 0 until rows; j <- 0 until cols) {
    val above = if (i == 0) 0.S(32.W) else RegNext(sum(i - 1)(j))
    sum(i)(j) = above +% product(weight(i)(j), aIn(i)(j))
  }

  private val busy = RegInit(false.B)
  private val corner = flagsIn(rows - 1)(cols - 1)
  private val lastCycle = corner.valid && corner.last
  // double-buffered, shadow loads run while the array works: only a swap or an input starts a fold
  when(io.swap.getOrElse(io.wLoad) || io.in.valid) {
    busy := true.B
  }.elsewhen(lastCycle) {
    busy := false.B
  }

  io.ready := !busy || (if (doubleBuffered) lastCycle else false.B)
  io.outValid := VecInit(Seq.tabulate(cols)(j => flagsIn(rows - 1)(j).valid))
  io.out := VecInit(Seq.tabulate(cols)(j => sum(rows - 1)(j)))
}

/** Weight-stationary int8 array: each PE holds one int8 weight (timing: [[WeightStationaryArray]]). */
class WsSystolicArray(rows: Int, cols: Int, doubleBuffered: Boolean = false)
    extends WeightStationaryArray(rows, cols, SInt(8.W), SInt(8.W), doubleBuffered) {
  override def desiredName = (if (doubleBuffered) "WeftWsDbArray" else "WeftWsArray") + s"${rows}x$cols"

  protected def product(weight: SInt, input: SInt): SInt = Int8Product(input, weight)
}
