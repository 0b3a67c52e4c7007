package dev.weft.hdl.chisel

import chisel3._
import chisel3.util._

/**
 * XNOR-popcount unit for binary (+1/-1) codes of `width` bits, as in EcoFormer-style hashed
 * attention: each valid cycle adds the dot product of two codes, 2 * popcount(xnor(a, b)) - width,
 * to an int32 accumulator (`first` restarts it). Two stages: popcount, then accumulate; `outValid`
 * marks the cycle after the `last` word, when `out` holds the finished dot product.
 */
class XnorPopcountUnit(val width: Int) extends Module {
  require(width > 0 && width % 8 == 0, s"code width must be a positive multiple of 8, was $width")
  override def desiredName = s"WeftXnorPopcount$width"

  val io = IO(new Bundle {
    val in = Input(new RowFlags)
    val a = Input(UInt(width.W))
    val b = Input(UInt(width.W))
    val outValid = Output(Bool())
    val out = Output(SInt(32.W))
  })

  private val matches = RegNext(PopCount(~(io.a ^ io.b)))
  private val flags = RegNext(io.in, 0.U.asTypeOf(new RowFlags))
  private val dot = (matches << 1).zext -& width.S
  private val acc = RegInit(0.S(32.W))
  when(flags.valid) {
    acc := Mux(flags.first, 0.S(32.W), acc) +% dot
  }
  io.outValid := RegNext(flags.valid && flags.last, false.B)
  io.out := acc
}

/** One PE's share of a 2:4 sparse weight block: the two non-zeros of a group of four and where they sit. */
class SparsePair extends Bundle {
  val w0 = SInt(8.W)
  val w1 = SInt(8.W)
  val idx0 = UInt(2.W)
  val idx1 = UInt(2.W)
}

/**
 * Weight-stationary int8 array with 2:4 structured-sparse weights: array row i covers a group of
 * four reduction indices, its PEs hold the group's two non-zeros and their positions, and pick the
 * matching two of the four inputs, so R rows reduce over 4R inputs. Same interface timing as the
 * dense weight-stationary array (weight rows shift in first, inputs skewed one cycle per row).
 */
class SparseSystolicArray(val rows: Int, val cols: Int) extends Module {
  require(rows > 0 && cols > 0, s"array must be at least 1x1, was ${rows}x$cols")
  override def desiredName = s"WeftSparse24Array${rows}x$cols"

  val io = IO(new Bundle {
    val wLoad = Input(Bool())
    val w = Input(Vec(cols, new SparsePair))
    val in = Input(new StreamFlags)
    val a = Input(Vec(rows, Vec(4, SInt(8.W))))
    val ready = Output(Bool())
    val outValid = Output(Vec(cols, Bool()))
    val out = Output(Vec(cols, SInt(32.W)))
  })

  private val weight = Seq.fill(rows, cols)(Reg(new SparsePair))
  for (i <- 0 until rows; j <- 0 until cols) {
    when(io.wLoad) {
      weight(i)(j) := (if (i == 0) io.w(j) else weight(i - 1)(j))
    }
  }

  private val rowA = Seq.tabulate(rows)(i => ShiftRegister(io.a(i), i))
  private val rowFlags = Seq.tabulate(rows)(i => ShiftRegister(io.in, i, 0.U.asTypeOf(new StreamFlags), true.B))

  private val aIn = Array.ofDim[Vec[SInt]](rows, cols)
  private val flagsIn = Array.ofDim[StreamFlags](rows, cols)
  private val sum = Array.ofDim[SInt](rows, cols)
  for (i <- 0 until rows; j <- 0 until cols) {
    aIn(i)(j) = if (j == 0) rowA(i) else RegNext(aIn(i)(j - 1))
    flagsIn(i)(j) = if (j == 0) rowFlags(i) else RegNext(flagsIn(i)(j - 1), 0.U.asTypeOf(new StreamFlags))
    val above = if (i == 0) 0.S(32.W) else RegNext(sum(i - 1)(j))
    val pe = weight(i)(j)
    sum(i)(j) = above +% Int8Product(pe.w0, aIn(i)(j)(pe.idx0)) +% Int8Product(pe.w1, aIn(i)(j)(pe.idx1))
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
