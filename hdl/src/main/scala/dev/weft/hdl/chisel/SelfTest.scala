package dev.weft.hdl.chisel

import chisel3._
import chisel3.util._

/**
 * The operand source of the board self-test: a 32-bit Galois LFSR (taps 0xA3000000, maximal
 * length) stepped once per cycle that feeds the core, with operands cut from its state. The
 * software model below and the hardware use the same definitions, so the expected result of
 * the first fold is a constant of the generated design.
 */
object SelfTestStimulus {
  val Seed: Long = 0xACE12024L
  val Taps: Long = 0xA3000000L
  /** Vectors per fold in the self-test (T of the cycle contract). */
  val Stream: Int = 8

  def next(state: Long): Long = {
    val shifted = state >>> 1
    if ((state & 1L) != 0) shifted ^ Taps else shifted
  }

  /** Operand `lane` of a row-side vector (A for both dataflows), as an int8. */
  def rowByte(state: Long, lane: Int): Int = ((state >>> ((3 * lane) % 25)) & 0xff).toByte.toInt

  /** Operand `lane` of a column-side vector (B in os, a weight row in ws), as an int8. */
  def colByte(state: Long, lane: Int): Int = ((state >>> ((3 * lane + 13) % 25)) & 0xff).toByte.toInt

  def rotl(value: Long, by: Int): Long = {
    val v = value & 0xFFFFFFFFL
    if (by == 0) v else ((v << by) | (v >>> (32 - by))) & 0xFFFFFFFFL
  }

  /** The self-test signature: each output rotated left by its column, summed modulo 2^32. */
  def signature(outputs: Seq[(Int, Long)]): Long =
    outputs.map { case (col, out) => rotl(out, col % 32) }.sum & 0xFFFFFFFFL

  /** The first fold's signature for an R x C array under a dataflow, computed in software. */
  def expectedArray(rows: Int, cols: Int, outputStationary: Boolean): Long = {
    var state = Seed
    if (outputStationary) {
      val acc = Array.fill(rows, cols)(0L)
      for (_ <- 0 until Stream) {
        for (i <- 0 until rows; j <- 0 until cols) acc(i)(j) += rowByte(state, i).toLong * colByte(state, j)
        state = next(state)
      }
      signature(for (i <- 0 until rows; j <- 0 until cols) yield (j, acc(i)(j) & 0xFFFFFFFFL))
    } else {
      val weight = Array.fill(rows, cols)(0L)
      for (r <- 0 until rows) {
        for (j <- 0 until cols) weight(rows - 1 - r)(j) = colByte(state, j).toLong
        state = next(state)
      }
      val outs = for (_ <- 0 until Stream) yield {
        val row = for (j <- 0 until cols) yield
          (j, (0 until rows).map(i => rowByte(state, i).toLong * weight(i)(j)).sum & 0xFFFFFFFFL)
        state = next(state)
        row
      }
      signature(outs.flatten)
    }
  }

  /**
   * The XNOR unit's first dot product. The two codes are `width`-bit shift registers that take
   * one LFSR byte each per cycle (so every code bit is an independent input for synthesis);
   * the LFSR steps every cycle, and the Stream codes go in once the registers have filled.
   */
  def expectedXnor(width: Int): Long = {
    val mask = (BigInt(1) << width) - 1
    var state = Seed
    var a = BigInt(0)
    var b = BigInt(0)
    var dot = 0L
    for (cycle <- 0 until width / 8 + Stream) {
      if (cycle >= width / 8) {
        dot += 2L * (width - (a ^ b).bitCount) - width
      }
      a = ((a << 8) | (rowByte(state, 0) & 0xff)) & mask
      b = ((b << 8) | (colByte(state, 0) & 0xff)) & mask
      state = next(state)
    }
    dot & 0xFFFFFFFFL
  }
}

/** The LFSR in hardware, stepped when `step` is high. */
class Lfsr extends Module {
  val io = IO(new Bundle {
    val step = Input(Bool())
    val state = Output(UInt(32.W))
  })
  private val state = RegInit(SelfTestStimulus.Seed.U(32.W))
  when(io.step) {
    state := (state >> 1) ^ Mux(state(0), SelfTestStimulus.Taps.U(32.W), 0.U(32.W))
  }
  io.state := state
}

/** What a board wrapper sees: the check passed, or failed, once the first fold is done. */
class SelfTestIO extends Bundle {
  val pass = Output(Bool())
  val fail = Output(Bool())
}

object SelfTestHw {
  def rowByte(state: UInt, lane: Int): SInt = (state >> ((3 * lane) % 25))(7, 0).asSInt
  def colByte(state: UInt, lane: Int): SInt = (state >> ((3 * lane + 13) % 25))(7, 0).asSInt
  def rotl(value: UInt, by: Int): UInt = if (by % 32 == 0) value else value.rotateLeft(by % 32)

}

/**
 * Runs folds of a MAC array back to back with LFSR operands, forever, and compares the signature
 * of the first fold's outputs with the value the software model predicts: `pass` or `fail` lights
 * once the first fold is out, so a board shows the array computed correctly at its clock.
 */
class ArraySelfTest(val rows: Int, val cols: Int, val outputStationary: Boolean) extends Module {
  override def desiredName = s"WeftSelfTest${if (outputStationary) "Os" else "Ws"}$rows" + s"x$cols"
  val io = IO(new SelfTestIO)

  private val expected = SelfTestStimulus.expectedArray(rows, cols, outputStationary)
  private val lfsr = Module(new Lfsr)
  private val total = (if (outputStationary) rows else SelfTestStimulus.Stream) * cols
  private val phase = RegInit(0.U(2.W)) // 0: wait for ready, 1: load weights (ws), 2: stream
  private val count = RegInit(0.U(log2Ceil(rows.max(SelfTestStimulus.Stream) + 1).W))
  private val sig = RegInit(0.U(32.W))
  private val seen = RegInit(0.U(log2Ceil(SelfTestStimulus.Stream * rows * cols + 1).W))
  private val checked = RegInit(false.B)
  private val passed = RegInit(false.B)
  private val state = lfsr.io.state
  private val streaming = phase === 2.U
  private val loading = phase === 1.U
  lfsr.io.step := streaming || loading

  private val outWords = Wire(Vec(cols, UInt(32.W)))
  private val outValid = Wire(Vec(cols, Bool()))
  private val coreReady = Wire(Bool())

  if (outputStationary) {
    val core = Module(new OsSystolicArray(rows, cols))
    core.io.in.valid := streaming
    core.io.in.first := streaming && count === 0.U
    core.io.in.last := streaming && count === (SelfTestStimulus.Stream - 1).U
    core.io.a := VecInit(Seq.tabulate(rows)(i => SelfTestHw.rowByte(state, i)))
    core.io.b := VecInit(Seq.tabulate(cols)(j => SelfTestHw.colByte(state, j)))
    coreReady := core.io.ready
    for (j <- 0 until cols) {
      outWords(j) := core.io.out(j).asUInt
      outValid(j) := core.io.outValid
    }
  } else {
    val core = Module(new WsSystolicArray(rows, cols))
    core.io.wLoad := loading
    core.io.w := VecInit(Seq.tabulate(cols)(j => SelfTestHw.colByte(state, j)))
    core.io.in.valid := streaming
    core.io.in.last := streaming && count === (SelfTestStimulus.Stream - 1).U
    core.io.a := VecInit(Seq.tabulate(rows)(i => SelfTestHw.rowByte(state, i)))
    coreReady := core.io.ready
    for (j <- 0 until cols) {
      outWords(j) := core.io.out(j).asUInt
      outValid(j) := core.io.outValid(j)
    }
  }

  switch(phase) {
    is(0.U) {
      when(coreReady) {
        phase := (if (outputStationary) 2.U else 1.U)
        count := 0.U
      }
    }
    is(1.U) {
      count := count + 1.U
      when(count === (rows - 1).U) {
        phase := 2.U
        count := 0.U
      }
    }
    is(2.U) {
      count := count + 1.U
      when(count === (SelfTestStimulus.Stream - 1).U) {
        phase := 0.U
      }
    }
  }

  when(!checked) {
    val terms = Seq.tabulate(cols)(j => Mux(outValid(j), SelfTestHw.rotl(outWords(j), j), 0.U(32.W)))
    sig := terms.foldLeft(sig)(_ +% _)
    seen := seen + PopCount(outValid)
    when(seen === total.U) {
      checked := true.B
      passed := sig === expected.U(32.W)
    }
  }
  io.pass := checked && passed
  io.fail := checked && !passed
}

/**
 * The same for the XNOR-popcount unit: codes shift in from the LFSR a byte per cycle, and after
 * they fill, dot products of Stream codes run back to back; the first is compared to the model.
 */
class XnorSelfTest(val width: Int) extends Module {
  override def desiredName = s"WeftSelfTestXnor$width"
  val io = IO(new SelfTestIO)

  private val expected = SelfTestStimulus.expectedXnor(width)
  private val lfsr = Module(new Lfsr)
  private val core = Module(new XnorPopcountUnit(width))
  private val fill = RegInit(0.U(log2Ceil(width / 8 + 1).W))
  private val codeA = RegInit(0.U(width.W))
  private val codeB = RegInit(0.U(width.W))
  private val count = RegInit(0.U(log2Ceil(SelfTestStimulus.Stream + 1).W))
  private val checked = RegInit(false.B)
  private val passed = RegInit(false.B)
  private val filled = fill === (width / 8).U
  private val streaming = filled && count =/= SelfTestStimulus.Stream.U
  lfsr.io.step := true.B
  codeA := Cat(codeA, SelfTestHw.rowByte(lfsr.io.state, 0).asUInt)(width - 1, 0)
  codeB := Cat(codeB, SelfTestHw.colByte(lfsr.io.state, 0).asUInt)(width - 1, 0)
  when(!filled) {
    fill := fill + 1.U
  }
  core.io.in.valid := streaming
  core.io.in.first := streaming && count === 0.U
  core.io.in.last := streaming && count === (SelfTestStimulus.Stream - 1).U
  core.io.a := codeA
  core.io.b := codeB
  // Restart after each result, so the unit keeps working after the one checked dot product.
  when(streaming) {
    count := count + 1.U
  }.elsewhen(core.io.outValid) {
    count := 0.U
  }
  when(core.io.outValid && !checked) {
    checked := true.B
    passed := core.io.out.asUInt === expected.U(32.W)
  }
  io.pass := checked && passed
  io.fail := checked && !passed
}
