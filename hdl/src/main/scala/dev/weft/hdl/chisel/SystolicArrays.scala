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
 * Weight-stationary int8 array, R x C, int32 partial sums. A fold first shifts R weight rows in
 * (`wLoad`, one row of C weights per cycle, the bottom array row first), then presents T input
 * vectors on consecutive cycles, unskewed: `a(i)` is A[m0+t][k0+i]. Row i is delayed i cycles,
 * so PE (i, j) works on vector t in cycle R+t+i+j and the partial sum for output (t, j) leaves the
 * bottom row in cycle 2R+t+j-1 on `out(j)` with `outValid(j)`. The last one leaves in cycle
 * 2R+C+T-3, so a fold takes 2R+C+T-2 cycles; `ready` is low from the first weight row to then.
 */
class WsSystolicArray(val rows: Int, val cols: Int) extends Module {
  require(rows > 0 && cols > 0, s"array must be at least 1x1, was ${rows}x$cols")
  override def desiredName = s"WeftWsArray${rows}x$cols"

  val io = IO(new Bundle {
    val wLoad = Input(Bool())
    val w = Input(Vec(cols, SInt(8.W)))
    val in = Input(new StreamFlags)
    val a = Input(Vec(rows, SInt(8.W)))
    val ready = Output(Bool())
    val outValid = Output(Vec(cols, Bool()))
    val out = Output(Vec(cols, SInt(32.W)))
  })

  private val weight = Seq.fill(rows, cols)(Reg(SInt(8.W)))
  for (i <- 0 until rows; j <- 0 until cols) {
    when(io.wLoad) {
      weight(i)(j) := (if (i == 0) io.w(j) else weight(i - 1)(j))
    }
  }

  private val rowA = Seq.tabulate(rows)(i => ShiftRegister(io.a(i), i))
  private val rowFlags = Seq.tabulate(rows)(i => ShiftRegister(io.in, i, 0.U.asTypeOf(new StreamFlags), true.B))

  private val aIn = Array.ofDim[SInt](rows, cols)
  private val flagsIn = Array.ofDim[StreamFlags](rows, cols)
  private val sum = Array.ofDim[SInt](rows, cols)
  for (i <- 0 until rows; j <- 0 until cols) {
    aIn(i)(j) = if (j == 0) rowA(i) else RegNext(aIn(i)(j - 1))
    flagsIn(i)(j) = if (j == 0) rowFlags(i) else RegNext(flagsIn(i)(j - 1), 0.U.asTypeOf(new StreamFlags))
    val above = if (i == 0) 0.S(32.W) else RegNext(sum(i - 1)(j))
    sum(i)(j) = above +% Int8Product(aIn(i)(j), weight(i)(j))
  }

  private val busy = RegInit(false.B)
  private val corner = flagsIn(rows - 1)(cols - 1)
  when(io.wLoad || io.in.valid) {
    busy := true.B
  }.elsewhen(corner.valid && corner.last) {
    busy := false.B
  }

  io.ready := !busy
  io.outValid := VecInit(Seq.tabulate(cols)(j => flagsIn(rows - 1)(j).valid))
  io.out := VecInit(Seq.tabulate(cols)(j => sum(rows - 1)(j)))
}
