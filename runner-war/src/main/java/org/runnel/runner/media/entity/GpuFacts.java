package org.runnel.runner.media.entity;

/**
 * What this host's ffmpeg offers for GPU work, found at start: the NVENC H.264 encoder, the CUDA
 * hardware decoder and the CUDA scaler in the build, and whether a device really works (an NVENC
 * encode of a tiny clip and a CUDA device initialisation succeed). Data-centre GPUs (H100, A100)
 * have CUDA and NVDEC but no NVENC: {@link #nvencUsable} is then false and encodes stay on CPU.
 */
public record GpuFacts(
    String ffmpeg,
    boolean nvencEncoder,
    boolean cudaHwaccel,
    boolean scaleCuda,
    boolean nvencUsable,
    boolean cudaDeviceUsable,
    String detail) {}
