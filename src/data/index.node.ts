/** aekit.data in Node: the platform-free part plus the readers of files and of the dataset packages. */
export * from './index.js';
export { loadMnist, mnistDataDir, type MnistOptions, type MnistSplit } from './mnist.js';
export { loadFashionMnist, fashionMnistDataDir, FASHION_MNIST_CLASSES, type FashionMnistOptions } from './fashion-mnist.js';
export { loadCsv } from './csv.node.js';
export { loadPngFolder, type PngFolderOptions } from './png-folder.js';
export { readIdxFile, parseIdx, type IdxArray, type IdxDtype, type IdxData, type IdxReadOptions } from './idx.js';
