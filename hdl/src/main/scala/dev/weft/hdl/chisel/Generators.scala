package dev.weft.hdl.chisel

import circt.stage.ChiselStage

/**
 * The Java side's door into Chisel: plain static methods (Scala emits static forwarders for a
 * top-level object) that elaborate one generator and return its CHIRRTL text. Lowering to
 * SystemVerilog is firtool's job, run by dev.weft.hdl.Firtool, so nothing here resolves or
 * downloads a firtool.
 */
object Generators {
  def osArray(rows: Int, cols: Int): String = ChiselStage.emitCHIRRTL(new OsSystolicArray(rows, cols))

  def wsArray(rows: Int, cols: Int, doubleBuffered: Boolean): String =
    ChiselStage.emitCHIRRTL(new WsSystolicArray(rows, cols, doubleBuffered))

  def xnorPopcount(width: Int): String = ChiselStage.emitCHIRRTL(new XnorPopcountUnit(width))

  def sparse24Array(rows: Int, cols: Int): String = ChiselStage.emitCHIRRTL(new SparseSystolicArray(rows, cols))

  /** A MAC array with the LFSR self-test around it, for a board. */
  def arraySelfTest(rows: Int, cols: Int, outputStationary: Boolean): String =
    ChiselStage.emitCHIRRTL(new ArraySelfTest(rows, cols, outputStationary))

  def xnorSelfTest(width: Int): String = ChiselStage.emitCHIRRTL(new XnorSelfTest(width))
}
