;; @awad/tensor SIMD kernels for the tfjs-free scorers: a dense layer and tanh over f32x4 lanes.
;; Compiled by packages/tensor/scripts/build-wasm.mjs into kernels-binary.ts (committed; a test
;; checks the two agree). Offsets are in bytes, sizes and strides in floats. The caller pads every
;; layer's unit count to a multiple of 4 (zero weights and biases in the padding).
;; Reference: WebAssembly SIMD (fixed-width 128-bit) proposal, phase 5; the tanh is Eigen's
;; rational approximation for float (generic_fast_tanh_float, numerator degree 13, denominator 6).
(module
  (import "env" "memory" (memory 1))

  ;; out[r*os + j] = b[j] + sum_k x[r*xs + k] * w[k*u + j] for r < rows, j < u (u a multiple of 4).
  (func (export "dense")
    (param $x i32) (param $rows i32) (param $inputs i32) (param $xs i32)
    (param $w i32) (param $u i32) (param $b i32) (param $out i32) (param $os i32)
    (local $r i32) (local $j i32) (local $ub i32) (local $xr i32) (local $xend i32) (local $orow i32)
    (local $wp i32) (local $xp i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $xv v128)
    (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $xr (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $xs)) (i32.const 2))))
        (local.set $xend (i32.add (local.get $xr) (i32.shl (local.get $inputs) (i32.const 2))))
        (local.set $orow (i32.add (local.get $out) (i32.shl (i32.mul (local.get $r) (local.get $os)) (i32.const 2))))
        (local.set $j (i32.const 0))
        ;; 16 units at a time, four accumulators kept in registers over k.
        (block $j16_done
          (loop $j16
            (br_if $j16_done (i32.gt_u (i32.add (local.get $j) (i32.const 64)) (local.get $ub)))
            (local.set $wp (i32.add (local.get $b) (local.get $j)))
            (local.set $a0 (v128.load offset=0 (local.get $wp)))
            (local.set $a1 (v128.load offset=16 (local.get $wp)))
            (local.set $a2 (v128.load offset=32 (local.get $wp)))
            (local.set $a3 (v128.load offset=48 (local.get $wp)))
            (local.set $wp (i32.add (local.get $w) (local.get $j)))
            (local.set $xp (local.get $xr))
            (block $k_done
              (loop $k
                (br_if $k_done (i32.ge_u (local.get $xp) (local.get $xend)))
                (local.set $xv (v128.load32_splat (local.get $xp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (v128.load offset=0 (local.get $wp)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (v128.load offset=16 (local.get $wp)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (v128.load offset=32 (local.get $wp)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (v128.load offset=48 (local.get $wp)))))
                (local.set $wp (i32.add (local.get $wp) (local.get $ub)))
                (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                (br $k)))
            (local.set $wp (i32.add (local.get $orow) (local.get $j)))
            (v128.store offset=0 (local.get $wp) (local.get $a0))
            (v128.store offset=16 (local.get $wp) (local.get $a1))
            (v128.store offset=32 (local.get $wp) (local.get $a2))
            (v128.store offset=48 (local.get $wp) (local.get $a3))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $j16)))
        ;; The rest, 4 units at a time.
        (block $j4_done
          (loop $j4
            (br_if $j4_done (i32.ge_u (local.get $j) (local.get $ub)))
            (local.set $a0 (v128.load (i32.add (local.get $b) (local.get $j))))
            (local.set $wp (i32.add (local.get $w) (local.get $j)))
            (local.set $xp (local.get $xr))
            (block $k4_done
              (loop $k4
                (br_if $k4_done (i32.ge_u (local.get $xp) (local.get $xend)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $xp)) (v128.load (local.get $wp)))))
                (local.set $wp (i32.add (local.get $wp) (local.get $ub)))
                (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                (br $k4)))
            (v128.store (i32.add (local.get $orow) (local.get $j)) (local.get $a0))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $j4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; p[i] = tanh(p[i]) for i < n (n a multiple of 4). Clamped to ±7.9053111 where the rational
  ;; function reaches ±1 in float; NaN stays NaN (f32x4.min/max propagate it).
  (func (export "tanh") (param $p i32) (param $n i32)
    (local $end i32) (local $x v128) (local $x2 v128) (local $num v128) (local $den v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f32x4.min (f32x4.max (v128.load (local.get $p))
          (v128.const f32x4 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805))
          (v128.const f32x4 7.90531110763549805 7.90531110763549805 7.90531110763549805 7.90531110763549805)))
        (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (v128.const f32x4 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16))
          (v128.const f32x4 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num))
          (v128.const f32x4 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num))
          (v128.const f32x4 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num))
          (v128.const f32x4 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num))
          (v128.const f32x4 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04)))
        (local.set $num (f32x4.add (f32x4.mul (local.get $x2) (local.get $num))
          (v128.const f32x4 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03)))
        (local.set $num (f32x4.mul (local.get $x) (local.get $num)))
        (local.set $den (f32x4.add (f32x4.mul (local.get $x2) (v128.const f32x4 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06))
          (v128.const f32x4 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04)))
        (local.set $den (f32x4.add (f32x4.mul (local.get $x2) (local.get $den))
          (v128.const f32x4 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03)))
        (local.set $den (f32x4.add (f32x4.mul (local.get $x2) (local.get $den))
          (v128.const f32x4 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03)))
        (v128.store (local.get $p) (f32x4.div (local.get $num) (local.get $den)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l))))
)
