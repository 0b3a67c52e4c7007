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
 * dense weight-stationary array ([[WeightStationaryArray]]).
 */
class SparseSystolicArray(rows: Int, cols: Int)
    extends WeightStationaryArray(rows, cols, new SparsePair, Vec(4, SInt(8.W))) {
  override def desiredName = s"WeftSparse24Array${rows}x$cols"

  protected def product(pe: SparsePair, group: Vec[SInt]): SInt =
    Int8Product(pe.w0, group(pe.idx0)) +& Int8Product(pe.w1, group(pe.idx1)) // widening: two products never wrap
}
