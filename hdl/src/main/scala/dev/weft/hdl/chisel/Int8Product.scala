package dev.weft.hdl.chisel

import chisel3._
import chisel3.util._

/**
 * The 16-bit product of two int8 values, built as an unsigned 8x8 product minus a byte-wide
 * correction (a_s * b_s = a_u * b_u - 256 * ((a<0 ? b_u : 0) + (b<0 ? a_u : 0)) mod 2^16).
 * A plain SInt multiply lowers to a sign-extended 16x16 product, which Yosys maps to about a
 * third more iCE40 LUTs; this form is the same number in simulation and smaller in LUTs.
 */
object Int8Product {
  /** Operands must be 8 bits wide (registers may leave that to width inference). */
  def apply(a: SInt, b: SInt): SInt = {
    val au = a.asUInt
    val bu = b.asUInt
    val raw = au * bu
    val fix = Mux(a(7), bu, 0.U(8.W)) +% Mux(b(7), au, 0.U(8.W))
    (raw -% Cat(fix, 0.U(8.W))).asSInt
  }
}
